import PostgresClient
import Reports
import XCTest

/// A nightly refresh rebuilds only the months new files touched, and ends
/// with the same tables a full rebuild gives.
final class IncrementalRefreshTests: XCTestCase {
    static let tables = [
        "mart.customer_day", "mart.customer_channel_month", "mart.category_month", "mart.order_month",
        "dw.fact_customer_month", "mart.kpi_monthly_table",
    ]

    func testIncrementalRefreshRebuildsOnlyAffectedMonthsAndEqualsAFullRebuild() throws {
        let warehouse = try WarehouseBuilder(prefix: "incremental")
        try warehouse.addStandardDimensions()
        for id in ["A", "B", "C"] { try warehouse.addCustomer(id) }
        try warehouse.addLine(order: "A1", customer: "A", day: "2025-01-10", fileID: 1)
        try warehouse.addLine(order: "B1", customer: "B", day: "2025-02-10", fileID: 1)
        try warehouse.addLine(order: "C1", customer: "C", day: "2025-03-10", quantity: 3, fileID: 1)
        let first = try warehouse.refresh()
        XCTAssertTrue(first.isFull)
        XCTAssertEqual(first.changedMonths, ["2025-01-01", "2025-02-01", "2025-03-01"])

        let idle = try warehouse.refresh()
        XCTAssertTrue(idle.isUpToDate)
        XCTAssertEqual(idle.snapshotMonths, 0)

        // The next night: April's orders only.
        try warehouse.addLine(order: "A2", customer: "A", day: "2025-04-02", price: "30.00", fileID: 2)
        let nightly = try warehouse.refresh()
        XCTAssertFalse(nightly.isFull)
        XCTAssertEqual(nightly.changedMonths, ["2025-04-01"])
        XCTAssertEqual(nightly.snapshotMonths, 1)
        XCTAssertEqual(nightly.salesFileID, 2)

        // A late return for January touches January and every later month's trailing window.
        try warehouse.addLine(order: "RA1", customer: "A", day: "2025-01-20", price: "5.00", isReturn: true, fileID: 3)
        let late = try warehouse.refresh()
        XCTAssertEqual(late.changedMonths, ["2025-01-01"])
        XCTAssertEqual(late.snapshotMonths, 4)

        let incremental = try snapshot(warehouse.connection)
        let full = try warehouse.refresh(full: true)
        XCTAssertTrue(full.isFull)
        XCTAssertEqual(full.snapshotMonths, 4)
        let rebuilt = try snapshot(warehouse.connection)
        for table in Self.tables {
            XCTAssertEqual(incremental[table], rebuilt[table], table)
            XCTAssertFalse(incremental[table]?.isEmpty ?? true, table)
        }
        let april = try warehouse.records(
            "select trailing_revenue::text from dw.fact_customer_month where month = '2025-04-01' and customer_id = 'A'")
        XCTAssertEqual(april.first?["trailing_revenue"], "35.0000", "10 − 5 returned + 30")
    }

    func testAProductChangeRecomputesTheMonthsItWasSoldIn() throws {
        let warehouse = try WarehouseBuilder(prefix: "product_change")
        try warehouse.addStandardDimensions()
        try warehouse.addCustomer("A")
        try warehouse.addCustomer("B")
        try warehouse.addLine(order: "A1", customer: "A", day: "2025-01-10", quantity: 2, fileID: 1)
        try warehouse.addLine(order: "B1", customer: "B", day: "2025-02-10", sku: "P2", fileID: 1)
        try warehouse.addLine(order: "B2", customer: "B", day: "2025-03-10", sku: "P2", fileID: 1)
        try warehouse.refresh()
        // P1, sold in January only, gets a new cost from a later products file.
        try warehouse.connection.execute("update dw.dim_product set unit_cost = 6, etl_file_id = 5 where sku = 'P1'")
        let summary = try warehouse.refresh()
        XCTAssertFalse(summary.isFull)
        XCTAssertEqual(summary.changedMonths, ["2025-01-01"])
        let margin = try warehouse.records("select margin::text from mart.customer_day where customer_id = 'A'")
        XCTAssertEqual(margin.first?["margin"], "8.0000", "20 − 2 × 6")
        XCTAssertTrue(try warehouse.refresh().isUpToDate, "the product mark moved with the refresh")

        let incremental = try snapshot(warehouse.connection)
        try warehouse.refresh(full: true)
        XCTAssertEqual(incremental, try snapshot(warehouse.connection))
    }

    func testEveryReportRunsOnAnEmptyWarehouse() throws {
        let warehouse = try WarehouseBuilder(prefix: "empty")
        let summary = try warehouse.refresh()
        XCTAssertEqual(summary.snapshotRows, 0)
        for report in ReportCatalog.all {
            let document = try report.run(warehouse.connection)
            XCTAssertFalse(document.sections.isEmpty, report.name)
            XCTAssertTrue(
                ReportFormat.allCases.allSatisfy { !$0.render(document).isEmpty }, "\(report.name) renders")
        }
        XCTAssertEqual(try warehouse.records("select * from mart.kpi_monthly").count, 0)
    }

    func testReportBeforeTheFirstRefreshSaysWhatToDo() throws {
        let warehouse = try WarehouseBuilder(prefix: "unrefreshed")
        XCTAssertThrowsError(try ReportCatalog.named("customer_rfm").run(warehouse.connection)) { error in
            XCTAssertTrue("\(error)".contains("run crmwh refresh"), "\(error)")
        }
    }

    /// Every row of the refreshed tables, sorted, as text.
    func snapshot(_ connection: Connection) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for table in Self.tables {
            result[table] = try connection.query("select t::text from \(table) as t order by 1").rows.map { $0[0]! }
        }
        return result
    }
}
