import Foundation
import XCTest

/// The market mart on the generated warehouse (returns, orders over two
/// days and several lines, customers who moved, customers without country,
/// city or channel, twins) against MarketReference: the stored cells, the
/// cells as of a past day over other windows, and the report's rows after
/// small cells are grouped.
final class MarketMartTests: XCTestCase {
    static let cellColumns = [
        "customers", "active_customers", "new_customers", "orders", "revenue", "margin", "top_customers",
        "high_customers", "medium_customers", "low_customers", "lapsed_customers", "retention_base_customers",
        "retained_customers", "previous_revenue", "previous_active_customers", "last_year_revenue",
        "last_year_active_customers",
    ]

    func testStoredCellsMatchTheReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let market = try MarketReference(lines: generated.lines, connection: generated.builder.connection)
        let asOf = Day(try generated.builder.records("select mart.default_as_of()::text as day")[0]["day"]!!)
        let expected = market.cells(asOf: asOf, months: 12)
        try assertCells("select * from mart.market_cells_current", equal: expected, generated)

        // What the data exercise, so the comparison above means something.
        let periodStart = asOf.adding(days: 1).monthsBack(12)
        let recent = generated.lines.filter { $0.isKnownCustomer && $0.day >= periodStart }
        XCTAssertTrue(recent.contains(where: \.isReturn), "returns in the period")
        let days = Dictionary(grouping: recent.filter { !$0.isReturn }, by: \.orderID).mapValues { Set($0.map(\.day)) }
        XCTAssertTrue(days.values.contains { $0.count > 1 }, "orders over two days in the period")
        XCTAssertTrue(expected.keys.contains { $0.country == "unknown" && $0.city == "unknown" }, "no country or city")
        XCTAssertTrue(expected.keys.contains { $0.channel == "unknown" }, "no acquisition channel")
        XCTAssertGreaterThan(expected.values.reduce(0) { $0 + $1.retained }, 0)
        XCTAssertGreaterThan(expected.values.reduce(0) { $0 + $1.tiers[0] }, 0)
    }

    func testCellsAsOfAPastDayMatchTheReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let market = try MarketReference(lines: generated.lines, connection: generated.builder.connection)
        // Mid-month, after a 31st: the windows start on 16 Jan, 16 Apr, 16 Mar … of earlier years.
        for (asOf, months) in [("2025-07-15", 3), ("2025-07-15", 12), ("2025-03-31", 1), ("2024-12-31", 6)] {
            try assertCells(
                "select * from mart.market_cells_compute('\(asOf)', \(months))",
                equal: market.cells(asOf: Day(asOf), months: months), generated, "\(asOf), \(months) months")
        }
    }

    func testReportRowsAreTheGroupedReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let market = try MarketReference(lines: generated.lines, connection: generated.builder.connection)
        let asOf = Day(try generated.builder.records("select mart.default_as_of()::text as day")[0]["day"]!!)
        let minimum = Int(try generated.builder.records(
            "select mart.setting('market_min_customers')::text as value")[0]["value"]!!)!
        XCTAssertEqual(minimum, 10, "the default")
        for (sql, cells) in [
            ("select * from mart.market", market.cells(asOf: asOf, months: 12)),
            ("select * from mart.market('2025-07-15', 3)", market.cells(asOf: Day("2025-07-15"), months: 3)),
        ] {
            let expected = MarketReference.grouped(cells, minimum: minimum)
            let rows = try generated.builder.records(sql)
            let keys = rows.map { MarketReference.Key(country: $0["country"]!!, city: $0["city"]!!, channel: $0["acquisition_channel"]!!) }
            XCTAssertEqual(Set(keys), Set(expected.keys), sql)
            XCTAssertEqual(keys.count, Set(keys).count, "one row per key: \(sql)")
            // Several levels of grouping occur, and only the last row may be small.
            XCTAssertTrue(keys.contains { $0.city == "other" && $0.country != "other" }, sql)
            XCTAssertTrue(keys.contains { $0.country == "other" }, sql)
            for (key, row) in zip(keys, rows) {
                guard let cell = expected[key] else { continue }
                if key != .init(country: "other", city: "other", channel: "other") {
                    XCTAssertGreaterThanOrEqual(cell.customers, minimum, "\(key)")
                }
                for (column, value) in MarketReference.row(cell) {
                    XCTAssertEqual(row[column]!.flatMap { Decimal(string: $0) }, value, "\(sql) \(key) \(column)")
                }
            }
            // Grouping loses nothing.
            let total = cells.values.reduce(MarketReference.Cell(), +)
            XCTAssertEqual(expected.values.reduce(MarketReference.Cell(), +), total)
        }
    }

    private func assertCells(
        _ sql: String, equal expected: [MarketReference.Key: MarketReference.Cell], _ generated: GeneratedWarehouse,
        _ message: String = "", file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let rows = try generated.builder.records(sql)
        var seen = Set<MarketReference.Key>()
        for row in rows {
            let key = MarketReference.Key(country: row["country"]!!, city: row["city"]!!, channel: row["acquisition_channel"]!!)
            XCTAssertTrue(seen.insert(key).inserted, "\(key) twice \(message)", file: file, line: line)
            guard let cell = expected[key] else {
                XCTFail("\(key) not in the reference \(message)", file: file, line: line)
                continue
            }
            let columns = MarketReference.cellColumns(cell)
            for column in Self.cellColumns {
                XCTAssertEqual(
                    Decimal(string: row[column]!!), columns[column], "\(key) \(column) \(message)", file: file, line: line)
            }
        }
        XCTAssertEqual(seen, Set(expected.keys), message, file: file, line: line)
    }
}
