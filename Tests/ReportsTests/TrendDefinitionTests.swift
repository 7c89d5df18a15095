import Foundation
import Marts
import PostgresClient
import TestSupport
import XCTest

/// Spend trends over active months (months with an order) of the 12 ending
/// with the latest data's month, on planted customers and on the generated
/// warehouse against a Swift recomputation from the raw order rows.
final class TrendDefinitionTests: XCTestCase {
    /// Planted customers, the data ending in December 2025:
    /// - EVEN orders 50 in four months (and once in 2024, outside the 12):
    ///   stable, not volatile for ordering rarely;
    /// - RARE orders in three months: occasional below four active months;
    /// - GROW orders 10, 20, … 60 in July to December: growth, 10 a month;
    /// - SPIKE orders 10, 10, 10, 10, 500: volatile;
    /// - FADE orders 100, 80, 60, 40 in March, June, September, December: declining;
    /// - RET orders 50 in four months and returns 20 of it in a fifth: that
    ///   month has no order, is not active, and its return does not count;
    /// - ONCE orders once: occasional, no slope.
    static func buildPlanted() throws -> WarehouseBuilder {
        let warehouse = try WarehouseBuilder(prefix: "trend")
        try warehouse.addStandardDimensions()
        let orders: [(String, [(String, String)])] = [
            ("EVEN", [("2024-06-10", "50.00"), ("2025-03-10", "50.00"), ("2025-06-10", "50.00"),
                      ("2025-09-10", "50.00"), ("2025-12-10", "50.00")]),
            ("RARE", [("2025-02-10", "40.00"), ("2025-05-10", "40.00"), ("2025-08-10", "40.00")]),
            ("GROW", (7...12).map { (String(format: "2025-%02d-10", $0), "\(($0 - 6) * 10).00") }),
            ("SPIKE", [("2025-08-10", "10.00"), ("2025-09-10", "10.00"), ("2025-10-10", "10.00"),
                       ("2025-11-10", "10.00"), ("2025-12-10", "500.00")]),
            ("FADE", [("2025-03-10", "100.00"), ("2025-06-10", "80.00"), ("2025-09-10", "60.00"),
                      ("2025-12-10", "40.00")]),
            ("RET", [("2025-01-10", "50.00"), ("2025-02-10", "50.00"), ("2025-03-10", "50.00"),
                     ("2025-04-10", "50.00")]),
            ("ONCE", [("2025-11-10", "70.00")]),
        ]
        for (customer, lines) in orders {
            try warehouse.addCustomer(customer)
            for (index, line) in lines.enumerated() {
                try warehouse.addLine(order: "\(customer)\(index)", customer: customer, day: line.0, price: line.1)
            }
        }
        try warehouse.addLine(order: "RET-R", customer: "RET", day: "2025-06-10", price: "20.00", isReturn: true)
        return warehouse
    }

    func testPlantedCustomers() throws {
        let warehouse = try Self.buildPlanted()
        try warehouse.refresh()
        let rows = try warehouse.records(
            """
            select customer_id, active_months::text, mean_active_month_revenue::text as mean, slope::text,
                coefficient_of_variation::text as cv, trend
            from mart.customer_trend order by customer_id
            """)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0["customer_id"]!!, $0) })
        func value(_ id: String, _ column: String) -> String? { byID[id].flatMap { $0[column] } ?? nil }
        XCTAssertEqual(value("EVEN", "active_months"), "4")
        XCTAssertEqual(value("EVEN", "cv"), "0.0000")
        XCTAssertEqual(value("EVEN", "trend"), "stable")
        XCTAssertEqual(value("RARE", "trend"), "occasional")
        XCTAssertEqual(value("GROW", "slope"), "10.0000")
        XCTAssertEqual(value("GROW", "mean"), "35.0000")
        XCTAssertEqual(value("GROW", "trend"), "growth")
        // 10, 10, 10, 10, 500: mean 108, population sd 196.
        XCTAssertEqual(value("SPIKE", "cv"), "1.8148")
        XCTAssertEqual(value("SPIKE", "trend"), "volatile")
        // 100, 80, 60, 40 three months apart: −20 / 3 a month.
        XCTAssertEqual(value("FADE", "slope"), "-6.6667")
        XCTAssertEqual(value("FADE", "trend"), "declining")
        XCTAssertEqual(value("RET", "active_months"), "4")
        XCTAssertEqual(value("RET", "mean"), "50.0000")
        XCTAssertEqual(value("RET", "trend"), "stable")
        XCTAssertEqual(value("ONCE", "active_months"), "1")
        XCTAssertNil(value("ONCE", "slope"))
        XCTAssertEqual(value("ONCE", "trend"), "occasional")
        // The stored table equals its from-scratch function.
        let difference = try warehouse.records(
            """
            select count(*)::text as rows from (
                (select * from mart.customer_trend_current except select * from mart.customer_trend_compute(null))
                union all
                (select * from mart.customer_trend_compute(null) except select * from mart.customer_trend_current)
            ) as d
            """)
        XCTAssertEqual(difference.first?["rows"], "0")
    }

    /// trend.min_active_months from the settings to the labels.
    func testMinimumActiveMonthsSetting() throws {
        let warehouse = try Self.buildPlanted()
        var settings = MartSettings()
        settings.trendMinActiveMonths = 3
        try MartRefresher(connection: warehouse.connection, sql: try TestCluster.repositorySQL())
            .refresh(settings: settings)
        let stored = try warehouse.records("select value::text from mart.settings where name = 'trend_min_active_months'")
        XCTAssertEqual(stored.first?["value"], "3")
        let rows = try warehouse.records("select customer_id, trend from mart.customer_trend where customer_id in ('RARE', 'ONCE')")
        XCTAssertEqual(
            Dictionary(uniqueKeysWithValues: rows.map { ($0["customer_id"]!!, $0["trend"]!!) }),
            ["RARE": "stable", "ONCE": "occasional"])
    }

    func testGeneratedWarehouseMatchesReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let connection = generated.builder.connection
        let churn = try ChurnReference(connection)
        let last = churn.months.upperBound
        // Net revenue per customer and month, every line counted.
        var revenue: [String: [Int: Decimal]] = [:]
        for row in try connection.query(
            """
            select customer_id, d.full_date::text, amount_base::text
            from dw.fact_sales join dw.dim_date as d using (date_key)
            where customer_id <> 'unknown'
            """
        ).rows {
            revenue[row[0]!, default: [:]][Day(row[1]!).month, default: 0] += Decimal(string: row[2]!)!
        }
        let rows = try generated.builder.records(
            """
            select customer_id, active_months::text, mean_active_month_revenue::text as mean, slope::text,
                coefficient_of_variation::text as cv, trend
            from mart.customer_trend
            """)
        var expectedIDs = Set<String>()
        var labels: [String: Int] = [:]
        for (id, months) in churn.activeMonths {
            let active = months.filter { $0 > last - 12 && $0 <= last }
            guard !active.isEmpty else { continue }
            expectedIDs.insert(id)
        }
        XCTAssertEqual(Set(rows.map { $0["customer_id"]!! }), expectedIDs)
        for row in rows {
            let id = row["customer_id"]!!
            let active = churn.activeMonths[id]!.filter { $0 > last - 12 && $0 <= last }
            let points = active.map { (x: Double($0 - last + 12), y: NSDecimalNumber(decimal: revenue[id]![$0]!).doubleValue) }
            let n = Double(points.count)
            let mean = points.reduce(0) { $0 + $1.y } / n
            let meanX = points.reduce(0) { $0 + $1.x } / n
            let sxx = points.reduce(0) { $0 + ($1.x - meanX) * ($1.x - meanX) }
            let slope = sxx == 0 ? nil : points.reduce(0) { $0 + ($1.x - meanX) * ($1.y - mean) } / sxx
            let sd = (points.reduce(0) { $0 + ($1.y - mean) * ($1.y - mean) } / n).squareRoot()
            XCTAssertEqual(Int(row["active_months"]!!), active.count, id)
            XCTAssertEqual(Double(row["mean"]!!)!, mean, accuracy: 0.0001, id)
            if let slope {
                XCTAssertEqual(Double(row["slope"]!!)!, slope, accuracy: 0.0001, id)
            } else {
                XCTAssertNil(row["slope"]!, id)
            }
            let label: String
            if active.count < 4 {
                label = "occasional"
            } else if mean <= 0 {
                label = "declining"
            } else if sd / mean > 1.5 {
                label = "volatile"
            } else if slope! / mean > 0.05 {
                label = "growth"
            } else if slope! / mean < -0.05 {
                label = "declining"
            } else {
                label = "stable"
            }
            XCTAssertEqual(row["trend"]!!, label, id)
            labels[label, default: 0] += 1
        }
        // Labels that can be told apart on this data.
        XCTAssertGreaterThan(labels["occasional"] ?? 0, 0)
        XCTAssertGreaterThan(labels["growth", default: 0] + labels["declining", default: 0] + labels["stable", default: 0], 0)
    }
}
