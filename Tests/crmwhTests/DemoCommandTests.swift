import Foundation
import PostgresClient
import TestSupport
import XCTest

/// End to end: `crmwh demo` at a small size, against a database of the test cluster.
final class DemoCommandTests: XCTestCase {
    func testDemoLoadsRefreshesTheMartsAndScores() throws {
        let root = URL(fileURLWithPath: "/tmp/crmwh-demo-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let database = try TestCluster.makeDatabase(prefix: "demo")

        let result = try BuiltBinary.run(
            ["demo", "--database", database, "--customers", "400", "--transactions", "6000", "--dir", "work"], in: root)
        // Planted bad records make it "succeeded with rejects": exit 0 either way.
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("Value tiers by trailing 12-month revenue (Pareto)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("crmwh report overview"), result.stdout)

        let connection = try Connection(database)
        let loadedLines = try connection.query("select count(*) from dw.fact_sales").int(0, 0) ?? 0
        XCTAssertGreaterThan(loadedLines, 5000)
        // The marts were refreshed up to the loaded files and answer reports.
        let mark = try connection.query(
            "select sales_file_id = (select max(etl_file_id) from dw.fact_sales) from etl.refresh_state where subject = 'marts'")
        XCTAssertEqual(mark.bool(0, 0), true)
        let summaryCustomers = try connection.query("select count(*) from mart.customer_summary").int(0, 0) ?? 0
        let buyers = try connection.query(
            "select count(distinct customer_id) from dw.fact_sales where customer_id <> 'unknown'"
        ).int(0, 0) ?? -1
        XCTAssertEqual(summaryCustomers, buyers)
        XCTAssertGreaterThan(try connection.query("select count(*) from dw.customer_score").int(0, 0) ?? 0, 0)

        // History ends with last month, so the nightly export of last month's KPIs is whole.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let lastMonth = calendar.date(byAdding: .month, value: -1, to: Date())!
        let label = String(format: "%04d-%02d", calendar.component(.year, from: lastMonth), calendar.component(.month, from: lastMonth))
        let lastSale = try connection.query("select max(date_key) / 100 from dw.fact_sales").int(0, 0) ?? 0
        XCTAssertEqual(String(lastSale), label.replacingOccurrences(of: "-", with: ""))
        let manifestURL = root.appendingPathComponent("work/out/kpi-\(label).csv.manifest.json")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as! [String: Any]
        XCTAssertEqual(manifest["rows"] as? Int, 1)
        XCTAssertEqual(manifest["months_without_data"] as? [String], [])
        XCTAssertFalse(result.stderr.contains("no rows for"), result.stderr)

        // Scored after the refresh: the stored marts show the new scores all the same.
        let kpiCLV = try connection.query(
            "select average_predicted_clv is not null from mart.kpi_monthly where to_char(month, 'YYYY-MM') = $1", [label])
        XCTAssertEqual(kpiCLV.bool(0, 0), true, "last month's KPIs carry the average predicted CLV")
        let channelCLV = try connection.query(
            "select count(*) filter (where average_predicted_clv is null) from mart.channel_customers_current")
        XCTAssertEqual(channelCLV.int(0, 0), 0, "the stored channel report carries predicted CLV")

        let report = try BuiltBinary.run(["report", "kpi_monthly", "--database", database, "--format", "csv"], in: root)
        XCTAssertEqual(report.status, 0, report.stderr)
        // CSV rows end in CRLF: a header and a row per month with sales.
        let months = try connection.query("select count(distinct date_key / 100) from dw.fact_sales").int(0, 0) ?? 0
        XCTAssertEqual(report.stdout.split(whereSeparator: \.isNewline).count, 1 + months, report.stdout)
    }
}
