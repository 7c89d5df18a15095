import Feeds
import Foundation
import Generator
import Logging
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// Generated feeds loaded and refreshed: the contact patterns recover the
/// channel and hour preferences the generator planted (its manifest's
/// contact_preferences). Tolerances:
/// - per channel, the contacts a response answered lie within 3.5 standard
///   deviations of the responses the planted chances expect;
/// - the best hour equals the planted hour (on the UTC clock, the reporting
///   time zone here) for at least 80 % of the customers with a planted
///   response (planted: 85 % of reactions at that hour, plus the chance that
///   another draw lands there);
/// - the preferred channel equals the planted one for at least 55 % of them,
///   and beats, by 15 points, the match with another customer's planted
///   channel (what a recovery that ignored preferences would score).
final class ContactPatternsGeneratedTests: XCTestCase {
    func testThePlantedPreferencesAreRecovered() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("crmwh-contact-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let manifest = try FeedGenerator(options: GeneratorOptions(
            customers: 16_000, transactions: 40_000, outputDirectory: directory, seed: 23)).run()
        let planted = try XCTUnwrap(manifest.contactPreferences)
        let builder = try WarehouseBuilder(prefix: "contact_generated")
        try GeneratedFeedLoad.load(directory: directory, into: builder.connection)
        try builder.refresh()

        // Per channel over the whole history: answered contacts against the planted chances.
        let measured = Dictionary(uniqueKeysWithValues: try builder.records(
            """
            select channel, sum(interactions)::text as contacts, sum(answered_contacts)::text as answered
            from mart.contact_patterns(null, 120, false) where interaction_type = 'sent' group by channel
            """).map { ($0["channel"]!!, (contacts: Int($0["contacts"]!!)!, answered: Int($0["answered"]!!)!)) })
        for expected in planted.channels {
            let row = try XCTUnwrap(measured[expected.channel], expected.channel)
            XCTAssertEqual(row.contacts, expected.contacts, expected.channel)
            let sd = expected.expectedResponses.squareRoot()
            print("\(expected.channel): \(row.contacts) contacts, \(row.answered) answered, \(expected.expectedResponses) expected")
            XCTAssertLessThan(
                abs(Double(row.answered) - expected.expectedResponses), 3.5 * sd,
                "\(expected.channel): \(row.answered) answered against \(expected.expectedResponses) expected")
        }

        // Per customer: the stored preference against the planted one.
        let recovered = Dictionary(uniqueKeysWithValues: try builder.records(
            """
            select k.source_system || ' ' || k.source_customer_id as source, p.preferred_channel, p.best_hour::text
            from mart.customer_contact_preference as p
            join dw.customer_source_key as k on k.customer_id = p.customer_id
            """).map { ($0["source"]!!, (channel: $0["preferred_channel"]!, hour: $0["best_hour"]!.flatMap { Int($0) })) })
        var hours = 0, channels = 0, shuffled = 0, withPreference = 0
        for (n, customer) in planted.customers.enumerated() {
            let found = try XCTUnwrap(recovered["\(customer.sourceSystem) \(customer.sourceCustomerId)"], customer.sourceCustomerId)
            guard let channel = found.channel else { continue }
            withPreference += 1
            if found.hour == customer.preferredUtcHour { hours += 1 }
            if channel == customer.preferredChannel { channels += 1 }
            if channel == planted.customers[(n + 1) % planted.customers.count].preferredChannel { shuffled += 1 }
        }
        XCTAssertGreaterThan(withPreference, 300, "customers with a planted response and a preference")
        XCTAssertGreaterThanOrEqual(withPreference, planted.customers.count * 95 / 100, "few ties at one instant")
        let total = Double(withPreference)
        print("planted responders \(planted.customers.count), with a preference \(withPreference): best hour = planted "
              + "\(hours), channel = planted \(channels), channel = another customer's \(shuffled)")
        XCTAssertGreaterThanOrEqual(Double(hours) / total, 0.80, "best hour = planted hour: \(hours) of \(withPreference)")
        XCTAssertGreaterThanOrEqual(Double(channels) / total, 0.55, "preferred channel = planted: \(channels) of \(withPreference)")
        XCTAssertGreaterThanOrEqual(
            Double(channels - shuffled) / total, 0.15, "against another customer's channel: \(channels) vs \(shuffled)")
    }
}
