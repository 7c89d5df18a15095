import Foundation
import Pipeline
import PostgresClient

/// Resolves the identities of a file's contacts against the warehouse,
/// applies survivorship, and stages the resulting dimension changes:
/// `fill` (rewrite the current row in place) or `version` (SCD type 2).
struct ContactMerge {
    let connection: Connection

    struct CurrentRow {
        var validFrom: Int64
        var isInferred: Bool
    }

    /// Stages the changes for `inputs` (any order); returns the number of
    /// customers touched.
    func stage(_ inputs: [ContactInput]) throws -> Int {
        // Survivorship runs in source time order; file order breaks ties.
        let ordered = inputs.sorted { ($0.updatedAt, $0.recordNumber) < ($1.updatedAt, $1.recordNumber) }
        var resolver = try loadResolver()
        var assignments: [(ContactInput, String)] = []
        var newKeys: [(IdentityResolver.SourceKey, String, IdentityResolver.MatchRule)] = []
        for input in ordered {
            let key = IdentityResolver.SourceKey(system: input.sourceSystem, id: input.sourceCustomerID)
            let (customerID, rule) = resolver.resolve(key, email: input.attributes["email"], phone: input.attributes["phone"])
            if rule != .source { newKeys.append((key, customerID, rule)) }
            assignments.append((input, customerID))
        }
        let touched = Array(Set(assignments.map(\.1)))
        var profiles = try loadProfiles(touched)
        var rows = try loadCurrentRows(touched)

        var changes: [(seq: Int, customerID: String, action: String, validFrom: Int64, attributes: ContactAttributes)] = []
        for (input, customerID) in assignments {
            var profile = profiles[customerID] ?? CustomerProfile(customerID: customerID)
            let changed = profile.merge(input.attributes, at: input.updatedAt)
            profiles[customerID] = profile
            let row = rows[customerID]
            guard changed || row == nil else { continue }
            if let row, !row.isInferred, input.updatedAt > row.validFrom {
                changes.append((changes.count, customerID, "version", input.updatedAt, profile.attributes))
                rows[customerID] = CurrentRow(validFrom: input.updatedAt, isInferred: false)
            } else {
                changes.append((changes.count, customerID, "fill", input.updatedAt, profile.attributes))
                rows[customerID] = CurrentRow(validFrom: row?.validFrom ?? .min, isInferred: false)
            }
        }

        try connection.execute("truncate staging.customer_change, staging.source_key, staging.customer_profile")
        try copyChanges(changes.map { ($0.seq, $0.customerID, $0.action, $0.validFrom, $0.attributes) })
        try copySourceKeys(newKeys)
        try copyProfiles(touched.compactMap { profiles[$0] })
        return touched.count
    }

    private func loadResolver() throws -> IdentityResolver {
        var keys: [IdentityResolver.SourceKey: String] = [:]
        for row in try connection.query("select source_system, source_customer_id, customer_id from dw.customer_source_key").rows {
            keys[IdentityResolver.SourceKey(system: row[0]!, id: row[1]!)] = row[2]!
        }
        var emails: [String: String] = [:]
        var phones: [String: String] = [:]
        let current = try connection.query(
            "select customer_id, email, phone from dw.dim_customer where is_current and customer_key <> -1 order by customer_key")
        for row in current.rows {
            if let email = row[1], emails[email] == nil { emails[email] = row[0]! }
            if let phone = row[2], phones[phone] == nil { phones[phone] = row[0]! }
        }
        return IdentityResolver(sourceKeys: keys, emails: emails, phones: phones)
    }

    private func loadProfiles(_ ids: [String]) throws -> [String: CustomerProfile] {
        let result = try connection.query(
            """
            select customer_id, attributes::text, attribute_updated_at::text,
                (extract(epoch from updated_at) * 1000000)::bigint
            from dw.customer_profile where customer_id = any($1::text[])
            """, [PostgresArray(ids)])
        var profiles: [String: CustomerProfile] = [:]
        for row in result.rows {
            let attributes = try JSONDecoder().decode([String: String].self, from: Data(row[1]!.utf8))
            let times = try JSONDecoder().decode([String: Int64].self, from: Data(row[2]!.utf8))
            profiles[row[0]!] = CustomerProfile(
                customerID: row[0]!, attributes: ContactAttributes(values: attributes), attributeUpdatedAt: times,
                updatedAt: row[3].flatMap { Int64($0) })
        }
        return profiles
    }

    private func loadCurrentRows(_ ids: [String]) throws -> [String: CurrentRow] {
        let result = try connection.query(
            """
            select customer_id, is_inferred,
                case when valid_from = '-infinity' then null else (extract(epoch from valid_from) * 1000000)::bigint end
            from dw.dim_customer where is_current and customer_id = any($1::text[])
            """, [PostgresArray(ids)])
        var rows: [String: CurrentRow] = [:]
        for row in result.rows {
            rows[row[0]!] = CurrentRow(validFrom: row[2].flatMap { Int64($0) } ?? .min, isInferred: row[1] == "t")
        }
        return rows
    }
}
