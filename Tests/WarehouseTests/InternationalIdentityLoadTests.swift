import Foundation
import Generator
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// Generated feeds with international addresses (manifest.internationalIdentities)
/// loaded as `crmwh load` would: every planted duplicate registration (the
/// same address decomposed, with an A-label or capitalised domain, in
/// capitals) becomes one customer, and no two different planted people do
/// (lookalike addresses differing by diacritics, script or ß/ss stay apart).
final class InternationalIdentityLoadTests: XCTestCase {
    func testPlantedDuplicatesMergeAndDifferentPeopleStayApart() throws {
        let connection = try Connection(try TestCluster.makeMigratedDatabase(prefix: "international_identity"))
        let options = GeneratorOptions(customers: 3000, transactions: 6000, outputDirectory: "", seed: 7, badRatio: 0.002)
        let manifest = try GeneratedFeedLoad.generateAndLoad(options, into: connection)
        let plant = try XCTUnwrap(manifest.internationalIdentities)
        XCTAssertGreaterThan(plant.duplicates.count, 20)
        XCTAssertGreaterThan(plant.lookalikes.count, 50)
        XCTAssertEqual(Set(plant.duplicates.map(\.form)), ["nfd", "a-label domain", "domain in capitals", "all capitals"])

        var customer: [String: String] = [:], rule: [String: String] = [:]
        let keys = "select source_system, source_customer_id, customer_id, match_rule from dw.customer_source_key"
        for row in try connection.query(keys).rows {
            customer[row[0]! + "/" + row[1]!] = row[2]!
            rule[row[0]! + "/" + row[1]!] = row[3]!
        }
        func first(_ pair: Manifest.IdentityPair) -> String { pair.sourceSystem + "/" + pair.sourceCustomerId }
        func other(_ pair: Manifest.IdentityPair) -> String { pair.otherSourceSystem + "/" + pair.otherSourceCustomerId }

        // All planted duplicates merged.
        let merged = plant.duplicates.filter { customer[first($0)] != nil && customer[first($0)] == customer[other($0)] }
        XCTAssertEqual(merged.count, plant.duplicates.count,
                       "unmerged: \(plant.duplicates.filter { customer[first($0)] != customer[other($0)] })")

        // ... and by their email, not by a phone they may share as well.
        XCTAssertTrue(plant.duplicates.allSatisfy { rule[first($0)] == "email" || rule[other($0)] == "email" })

        // No two different planted people merged: each person (a duplicate pair,
        // or either side of a lookalike pair) has a customer of its own.
        var personOf: [String: String] = [:]  // source key → person (its primary key)
        for pair in plant.duplicates {
            personOf[first(pair)] = first(pair)
            personOf[other(pair)] = first(pair)
        }
        for pair in plant.lookalikes {
            personOf[first(pair)] = personOf[first(pair)] ?? first(pair)
            personOf[other(pair)] = personOf[other(pair)] ?? other(pair)
        }
        var customersOfPerson: [String: Set<String>] = [:]
        for (key, person) in personOf {
            customersOfPerson[person, default: []].insert(try XCTUnwrap(customer[key], key))
        }
        XCTAssertTrue(customersOfPerson.values.allSatisfy { $0.count == 1 })
        let people = customersOfPerson.count
        let distinctCustomers = Set(customersOfPerson.values.flatMap { $0 }).count
        XCTAssertEqual(distinctCustomers, people, "different planted people share a customer")
        XCTAssertEqual(plant.lookalikes.filter { customer[first($0)] == customer[other($0)] }.count, 0)

        // The warehouse as a whole: as many customers as people, and only the
        // planted bad addresses flagged.
        let current = "from dw.dim_customer where is_current and not is_inferred and customer_key <> -1"
        XCTAssertEqual(try connection.query("select count(*) \(current)").int(0, 0), manifest.expectations.distinctCustomers)
        XCTAssertEqual(try connection.query("select count(*) from etl.reject where rule = 'email.invalid'").int(0, 0),
                       manifest.planted.filter { $0.rule == "email.invalid" }.count)

        // Stored addresses are the matching form: NFC, no capitals, the domain in ASCII.
        let emails = try connection.query("select email \(current) and email is not null").rows.map { $0[0]! }
        let international = emails.filter { $0.unicodeScalars.contains { !$0.isASCII } || $0.contains("xn--") }
        XCTAssertGreaterThan(international.count, 100)
        for email in international {
            // Bytes: Swift's String == would equate NFC and NFD spellings.
            XCTAssertEqual(Array(email.utf8), Array(email.precomposedStringWithCanonicalMapping.utf8), email)
            XCTAssertEqual(Array(email.utf8), Array(email.lowercased().utf8), email)
            let domain = try XCTUnwrap(email.split(separator: "@").last)
            XCTAssertTrue(domain.unicodeScalars.allSatisfy(\.isASCII), email)
        }
        print("international duplicates merged: \(merged.count) of \(plant.duplicates.count); "
              + "planted people: \(people), customers: \(distinctCustomers); lookalike pairs kept apart: "
              + "\(plant.lookalikes.count); international addresses stored: \(international.count)")
    }
}
