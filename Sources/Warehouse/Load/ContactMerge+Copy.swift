import Foundation
import Pipeline
import PostgresClient

extension ContactMerge {
    func copyChanges(_ changes: [(Int, String, String, Int64, ContactAttributes)]) throws {
        let columns = ["seq", "customer_id", "action", "valid_from"] + ContactAttributes.names
        try connection.copyFrom(
            "copy staging.customer_change (\(columns.joined(separator: ", "))) from stdin with (format binary)"
        ) { writer in
            try writer.append { BinaryCopy.appendHeader(to: &$0) }
            for (seq, customerID, action, validFrom, attributes) in changes {
                try writer.append { buffer in
                    BinaryCopy.beginRow(fields: columns.count, in: &buffer)
                    BinaryCopy.appendInt4(Int32(seq), to: &buffer)
                    BinaryCopy.appendText(customerID, to: &buffer)
                    BinaryCopy.appendText(action, to: &buffer)
                    BinaryCopy.appendTimestamp(
                        postgresMicroseconds: validFrom == .min ? .min : PostgresEpoch.timestamp(fromUnixMicroseconds: validFrom),
                        to: &buffer)
                    for name in ContactAttributes.names {
                        let value = attributes[name]
                        switch name {
                        case "opt_in": BinaryCopy.appendBool(value.map { $0 == "t" }, to: &buffer)
                        case "signup_date": BinaryCopy.appendDate(postgresDays: value.flatMap(Self.postgresDays), to: &buffer)
                        default: BinaryCopy.appendText(value, to: &buffer)
                        }
                    }
                }
            }
            try writer.append { BinaryCopy.appendTrailer(to: &$0) }
        }
    }

    func copySourceKeys(_ keys: [(IdentityResolver.SourceKey, String, IdentityResolver.MatchRule)]) throws {
        try connection.copyFrom(
            "copy staging.source_key (source_system, source_customer_id, customer_id, match_rule) from stdin with (format binary)"
        ) { writer in
            try writer.append { BinaryCopy.appendHeader(to: &$0) }
            for (key, customerID, rule) in keys {
                try writer.append { buffer in
                    BinaryCopy.beginRow(fields: 4, in: &buffer)
                    BinaryCopy.appendText(key.system, to: &buffer)
                    BinaryCopy.appendText(key.id, to: &buffer)
                    BinaryCopy.appendText(customerID, to: &buffer)
                    BinaryCopy.appendText(rule.rawValue, to: &buffer)
                }
            }
            try writer.append { BinaryCopy.appendTrailer(to: &$0) }
        }
    }

    func copyProfiles(_ profiles: [CustomerProfile]) throws {
        try connection.copyFrom(
            "copy staging.customer_profile (customer_id, attributes, attribute_updated_at, updated_at) from stdin with (format binary)"
        ) { writer in
            try writer.append { BinaryCopy.appendHeader(to: &$0) }
            for profile in profiles {
                try writer.append { buffer in
                    BinaryCopy.beginRow(fields: 4, in: &buffer)
                    BinaryCopy.appendText(profile.customerID, to: &buffer)
                    // Binary jsonb is a version byte (1) followed by the JSON text.
                    BinaryCopy.appendField(to: &buffer) {
                        $0.append(1)
                        JSONObjectWriter.append(profile.attributes.values, to: &$0)
                    }
                    BinaryCopy.appendField(to: &buffer) {
                        $0.append(1)
                        JSONObjectWriter.append(profile.attributeUpdatedAt, to: &$0)
                    }
                    BinaryCopy.appendTimestamp(
                        postgresMicroseconds: profile.updatedAt.map(PostgresEpoch.timestamp(fromUnixMicroseconds:)),
                        to: &buffer)
                }
            }
            try writer.append { BinaryCopy.appendTrailer(to: &$0) }
        }
    }

    /// `YYYY-MM-DD` → days since 2000-01-01.
    static func postgresDays(_ text: String) -> Int32? {
        guard case .success(let days) = DateParser().parse(text) else { return nil }
        return PostgresEpoch.date(fromUnixDays: days)
    }
}
