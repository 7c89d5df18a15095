import Generator
import Pipeline
import XCTest

/// Identity resolution as the manifest describes it (normalized email
/// first, then E.164 phone) applied to the loaded contacts.
final class IdentityExpectationTests: XCTestCase {
    final class UnionFind {
        var parent: [Int] = []
        func add() -> Int { parent.append(parent.count); return parent.count - 1 }
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        func union(_ a: Int, _ b: Int) { parent[find(a)] = find(b) }
    }

    /// Loaded contacts: (source key → node), and the resolved groups.
    func resolve() -> (ids: [String: Int], groups: UnionFind) {
        let csv = GeneratedFeeds.csv("contacts.csv")
        let rejected = GeneratedFeeds.validation.rejectedRows["contacts.csv", default: []]
        let validator = GeneratedFeeds.validation.validator
        let groups = UnionFind()
        var ids: [String: Int] = [:]
        var byEmail: [String: Int] = [:], byPhone: [String: Int] = [:]
        for row in csv.rows where !rejected.contains(row.line) {
            let f = row.fields
            let key = f[csv.column("source_system")] + "/" + f[csv.column("customer_id")]
            let node = ids[key] ?? groups.add()
            ids[key] = node
            var ignored: [FieldIssue] = []
            if let email = with(f[csv.column("email")], { validator.email($0, field: "email", issues: &ignored) }) {
                if let other = byEmail[email] { groups.union(node, other) } else { byEmail[email] = node }
            }
            let country = with(f[csv.column("country")]) { validator.country($0, field: "country", issues: &ignored) }
            if let phone = with(f[csv.column("phone")], { validator.phone($0, field: "phone", country: country, issues: &ignored) }) {
                if let other = byPhone[phone] { groups.union(node, other) } else { byPhone[phone] = node }
            }
        }
        return (ids, groups)
    }

    func testDistinctCustomersAfterResolution() {
        let e = GeneratedFeeds.manifest.expectations
        let (ids, groups) = resolve()
        XCTAssertEqual(ids.count, e.sourceCustomerIds)
        XCTAssertEqual(Set(ids.values.map(groups.find)).count, e.distinctCustomers)
        let sizes = Dictionary(grouping: ids.values, by: groups.find).values.map(\.count)
        XCTAssertEqual(sizes.filter { $0 == 2 }.count * 2, e.linkedSourceIds)
        XCTAssertGreaterThan(e.linkedSourceIds, 0)
    }

    func testInferredCustomersAreTransactionIdsMissingFromContacts() {
        let (ids, _) = resolve()
        let csv = GeneratedFeeds.csv("transactions.csv")
        let rejected = GeneratedFeeds.validation.rejectedRows["transactions.csv", default: []]
        var missing = Set<String>()
        for row in csv.rows where !rejected.contains(row.line) {
            let key = row.fields[csv.column("source_system")] + "/" + row.fields[csv.column("customer_id")]
            if ids[key] == nil { missing.insert(key) }
        }
        XCTAssertEqual(missing.count, GeneratedFeeds.manifest.expectations.inferredCustomers)
        XCTAssertGreaterThan(missing.count, 0)
    }

    func testAddressChangesAreLaterVersionsWithANewCity() {
        let csv = GeneratedFeeds.csv("contacts.csv")
        let rejected = GeneratedFeeds.validation.rejectedRows["contacts.csv", default: []]
        let timestamps = GeneratedFeeds.validation.validator.options.timestamps
        var first: [String: (city: String, at: Int64)] = [:]
        var changes = 0
        for row in csv.rows where !rejected.contains(row.line) {
            let f = row.fields
            let key = f[csv.column("source_system")] + "/" + f[csv.column("customer_id")]
            let at = timestamps.parse(f[csv.column("updated_at")]).successValue!
            if let earlier = first[key] {
                changes += 1
                XCTAssertNotEqual(earlier.city, f[csv.column("city")], key)
                XCTAssertGreaterThan(at, earlier.at, key)
            } else {
                first[key] = (f[csv.column("city")], at)
            }
        }
        XCTAssertEqual(changes, GeneratedFeeds.manifest.expectations.contactChanges)
        XCTAssertGreaterThan(changes, 0)
    }
}
