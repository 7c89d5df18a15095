import Feeds
import Foundation
import Generator
import Logging
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// Generated feeds loaded and refreshed: the market report finds the
/// customers and orders the generator wrote per country and acquisition
/// channel (its manifest: through identity resolution, address changes,
/// customers without an address and inferred customers), and the planted
/// purchase frequency multipliers in the repeat orders per customer.
final class MarketGeneratedTests: XCTestCase {
    func testReportRecoversThePlantedMarketMix() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("crmwh-market-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let manifest = try FeedGenerator(options: GeneratorOptions(
            customers: 20_000, transactions: 200_000, outputDirectory: directory, seed: 11, badRatio: 0)).run()
        let mix = try XCTUnwrap(manifest.marketMix)
        let builder = try WarehouseBuilder(prefix: "market_generated")
        try GeneratedFeedLoad.load(directory: directory, into: builder.connection)
        try builder.refresh()
        XCTAssertEqual(
            try builder.records("select mart.default_as_of()::text as day")[0]["day"], manifest.settings.endDate,
            "the report's period is the manifest's")
        // Every cell shown: the counts compare per country and channel.
        try builder.setSetting("market_min_customers", "1")

        let rows = try builder.records(
            """
            select country, acquisition_channel, sum(customers)::text as customers,
                sum(active_customers)::text as active, sum(new_customers)::text as new, sum(orders)::text as orders,
                sum(active_customers_previous)::text as previous_active,
                sum(round(twelve_month_retention * active_customers_previous))::text as retained
            from mart.market
            group by country, acquisition_channel
            """)
        var measured: [String: [Int]] = [:]
        for row in rows {
            measured[row["country"]!! + "|" + row["acquisition_channel"]!!] =
                ["customers", "active", "new", "orders", "previous_active", "retained"].map { Int(row[$0]!!)! }
        }
        XCTAssertEqual(measured.count, mix.cells.count, "cells")
        for cell in mix.cells {
            let key = cell.country + "|" + cell.acquisitionChannel
            XCTAssertEqual(
                measured[key],
                [cell.customers, cell.activeCustomers, cell.newCustomers, cell.orders, cell.previousActiveCustomers,
                 cell.retainedCustomers], key)
        }
        XCTAssertNotNil(measured["unknown|unknown"], "inferred customers")
        XCTAssertTrue(mix.cells.contains { $0.country == "unknown" && $0.acquisitionChannel != "unknown" }, "no address")

        // The planted multipliers in the repeat orders per customer (orders
        // in the period besides new customers' first), each group against
        // the groups of multiplier 1 of its dimension: within 3.5 standard
        // errors (from the customers' own counts, the sampling noise of
        // who happened to buy) or 10 % of the multiplier, whichever is wider.
        for (dimension, planted) in [("acquisition_channel", mix.channelFrequency), ("country", mix.countryFrequency)] {
            let groups = try repeatOrders(builder, by: dimension, periodStart: mix.periodStart)
            let base = groups.filter { planted[$0.key] == 1 }.values.reduce(Moments(), +)
            XCTAssertGreaterThanOrEqual(base.n, 2000, dimension)
            for (group, m) in planted where m != 1 {
                let g = try XCTUnwrap(groups[group], group)
                let ratio = g.mean / base.mean
                let se = ratio * (g.variance / (g.n * g.mean * g.mean) + base.variance / (base.n * base.mean * base.mean))
                    .squareRoot()
                XCTAssertLessThan(abs(ratio - m), max(3.5 * se, 0.1 * m), "\(group): \(ratio) against \(m), se \(se)")
            }
        }
    }

    /// Count, mean and variance of repeat orders per customer.
    struct Moments {
        var n = 0.0, sum = 0.0, squares = 0.0
        var mean: Double { sum / n }
        var variance: Double { squares / n - mean * mean }
        static func + (a: Moments, b: Moments) -> Moments {
            Moments(n: a.n + b.n, sum: a.sum + b.sum, squares: a.squares + b.squares)
        }
    }

    /// Per group: customers and their repeat orders in the period, from the stored per-customer figures.
    func repeatOrders(_ builder: WarehouseBuilder, by column: String, periodStart: String) throws -> [String: Moments] {
        let rows = try builder.records(
            """
            with repeats as (
                select \(column) as grp, orders - (first_order_on >= $1::date)::integer as repeats
                from mart.customer_market
                where first_order_on is not null and \(column) <> 'unknown'
            )
            select grp, count(*)::text as n, sum(repeats)::text as s, sum(repeats * repeats)::text as q
            from repeats group by grp
            """, [periodStart])
        return Dictionary(uniqueKeysWithValues: rows.map {
            ($0["grp"]!!, Moments(n: Double($0["n"]!!)!, sum: Double($0["s"]!!)!, squares: Double($0["q"]!!)!))
        })
    }
}
