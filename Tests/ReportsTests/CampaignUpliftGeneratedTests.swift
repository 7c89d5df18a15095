import Feeds
import Foundation
import Generator
import Logging
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// Generated feeds loaded and refreshed: the uplift campaign_response
/// measures for the campaigns with a control group against the effect the
/// generator planted (its manifest), within the report's 95 % intervals.
final class CampaignUpliftGeneratedTests: XCTestCase {
    func testMeasuredUpliftCoversThePlantedOne() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("crmwh-uplift-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let manifest = try FeedGenerator(options: GeneratorOptions(
            customers: 16_000, transactions: 160_000, outputDirectory: directory, seed: 11)).run()
        let builder = try WarehouseBuilder(prefix: "uplift_generated")
        try GeneratedFeedLoad.load(directory: directory, into: builder.connection)
        try builder.refresh()

        let planted = Dictionary(uniqueKeysWithValues: (manifest.campaignEffects ?? []).map { ($0.campaignCode, $0) })
        let rows = try builder.records(
            """
            select * from mart.campaign_response
            where breakdown = 'campaign' and uplift_basis = 'treatment vs control' and window_complete
            """)
        XCTAssertGreaterThanOrEqual(rows.count, 10, "campaigns with a control group")
        var revenueMisses = 0
        var responses = 0.0, expectedResponses = 0.0, responseVariance = 0.0
        var revenueGap = 0.0, revenueVariance = 0.0
        for row in rows {
            let code = row["campaign_code"]!!
            let effect = try XCTUnwrap(planted[code], code)
            func number(_ column: String) -> Double { Double(row[column]!!)! }
            // The held-out share, and the groups as the generator drew them.
            XCTAssertEqual(Int(row["control_customers"]!!), effect.controlCustomers, code)
            XCTAssertEqual(Int(row["treatment_customers"]!!), effect.treatmentCustomers, code)
            XCTAssertEqual(number("control_response_rate"), 0, code)
            let low = number("revenue_uplift_low"), high = number("revenue_uplift_high")
            if effect.revenueUpliftPerCustomer < low || effect.revenueUpliftPerCustomer > high { revenueMisses += 1 }
            // Pooled over campaigns: responses against their expected count,
            // and the revenue uplift against the planted one, in units of
            // the reported standard errors.
            let n = Double(effect.treatmentCustomers)
            let p = effect.expectedResponseRate
            responses += number("treatment_response_rate") * n
            expectedResponses += p * n
            responseVariance += p * (1 - p) * n
            let se = (high - low) / (2 * 1.959964)
            revenueGap += (number("revenue_uplift") - effect.revenueUpliftPerCustomer)
            revenueVariance += se * se
        }
        XCTAssertLessThanOrEqual(revenueMisses, max(1, rows.count / 6), "planted revenue uplift outside the 95 % interval")
        XCTAssertLessThan(abs(responses - expectedResponses), 3 * responseVariance.squareRoot(),
                          "responses \(responses) against \(expectedResponses) expected")
        XCTAssertLessThan(abs(revenueGap), 3 * revenueVariance.squareRoot(),
                          "summed revenue uplift minus planted \(revenueGap), sd \(revenueVariance.squareRoot())")
        // Campaigns without a control group show no uplift.
        let others = try builder.records(
            """
            select count(*)::text as n, count(revenue_uplift)::text as uplifts from mart.campaign_response
            where breakdown = 'campaign' and uplift_basis = 'no control group'
            """)[0]
        XCTAssertGreaterThan(Int(others["n"]!!)!, 0)
        XCTAssertEqual(others["uplifts"], "0")
    }
}
