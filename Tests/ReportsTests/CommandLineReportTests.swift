import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// End to end: `crmwh refresh`, `report` and `export kpi` as cron and
/// people run them, on the hand-checked fixture.
final class CommandLineReportTests: XCTestCase {
    nonisolated(unsafe) static var fixture: WarehouseBuilder?

    func fixture() throws -> WarehouseBuilder {
        if let fixture = Self.fixture { return fixture }
        let built = try HandFixture.build()
        Self.fixture = built
        return built
    }

    /// The fixture's tier shares (25 % each), as a configuration states
    /// them: refresh writes the config's analysis settings to mart.settings.
    static let config: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-report-\(getpid()).yaml")
        try? "analysis: { tiers: { top: 0.25, high: 0.25, mid: 0.25 } }\n".write(to: url, atomically: true, encoding: .utf8)
        return url
    }()

    func crmwh(_ arguments: [String]) throws -> ProcessRunner.Output {
        try BuiltBinary.run(arguments + ["--database", try fixture().conninfo, "--config", Self.config.path])
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func testListNamesEveryReport() throws {
        let result = try BuiltBinary.run(["report", "--list"])
        XCTAssertEqual(result.status, 0, result.stderr)
        for name in ["overview", "kpi_monthly", "customer_rfm", "customer_value", "value_migration", "cohort_retention",
            "product_affinity", "campaign_response", "channel_mix", "customer_trend", "market", "product_structure",
            "contact_patterns", "promotion_patterns"]
        {
            XCTAssertTrue(result.stdout.contains(name + " "), name)
        }
    }

    func testUsageErrorsExitTwo() throws {
        let unknown = try crmwh(["report", "no_such_report"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown report 'no_such_report'"), unknown.stderr)
        XCTAssertEqual(try crmwh(["report", "customer_rfm", "--as-of", "2025-02-30"]).status, 2)
        XCTAssertEqual(try crmwh(["report", "customer_rfm", "--format", "xml"]).status, 2)
        XCTAssertEqual(try crmwh(["report", "cohort_retention", "--as-of", "2025-03-31"]).status, 2)
        XCTAssertEqual(try crmwh(["export", "kpi", "--period", "2025-Q9"]).status, 2)
    }

    /// No silent answers: a flag the report does not take, and a day the
    /// warehouse has no data for yet (the fixture ends on 2025-03-31).
    func testMonthsWithoutAWindowAndAnAsOfPastTheDataAreUsageErrors() throws {
        for name in ["overview", "customer_value", "churn", "campaign_response"] {
            let months = try crmwh(["report", name, "--months", "3"])
            XCTAssertEqual(months.status, 2, name)
            XCTAssertTrue(months.stderr.contains("report \(name) has no window or horizon and takes no --months"), months.stderr)
        }
        for name in ["market", "product_affinity", "channel_mix", "value_forecast"] {
            XCTAssertEqual(try crmwh(["report", name, "--months", "3"]).status, 0, name)
        }
        let future = try crmwh(["report", "customer_value", "--as-of", "2025-04-01"])
        XCTAssertEqual(future.status, 2)
        XCTAssertTrue(future.stderr.contains("--as-of 2025-04-01 is after the latest data (2025-03-31)"), future.stderr)
        XCTAssertEqual(try crmwh(["report", "customer_value", "--as-of", "2025-03-31"]).status, 0, "the last day is data")
    }

    /// An empty product_pairs says which threshold and window left it empty
    /// (the fixture has a handful of orders, far below the default 20).
    func testAnEmptyProductPairsReportSaysWhy() throws {
        let result = try crmwh(["report", "product_pairs"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains(
            "(no rows: no two products were bought together in at least 20 orders (analysis.product_pair_min_orders) "
                + "from 2025-03-01 to 2025-03-31 (1 month);"), result.stdout)
        let html = try crmwh(["report", "product_pairs", "--format", "html"])
        XCTAssertTrue(html.stdout.contains("No rows: no two products were bought together in at least 20 orders"), html.stdout)
        let longer = try crmwh(["report", "product_pairs", "--months", "3"])
        XCTAssertTrue(longer.stdout.contains("from 2025-01-01 to 2025-03-31 (3 months)"), longer.stdout)
    }

    func testTableAndCSV() throws {
        let table = try crmwh(["report", "customer_value", "--as-of", "2025-03-31"])
        XCTAssertEqual(table.status, 0, table.stderr)
        let lines = table.stdout.split(separator: "\n")
        XCTAssertTrue(lines[0].hasPrefix("value_tier  tier_rank  customers"), table.stdout)
        XCTAssertTrue(lines[2].hasPrefix("top                 1          3"), table.stdout)
        let csv = try crmwh(["report", "customer_value", "--as-of", "2025-03-31", "--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        XCTAssertTrue(csv.stdout.hasPrefix("value_tier,tier_rank,customers,customer_share,trailing_revenue,pareto_share"))
        XCTAssertTrue(csv.stdout.contains("\r\ntop,1,3,0.6000,700.0000,0.8235,"), csv.stdout)
    }

    func testJSONHasNumbersAsNumbers() throws {
        let result = try crmwh(["report", "kpi_monthly", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows[0]["month"] as? String, "2025-01-01")
        XCTAssertEqual(rows[2]["active_customers"] as? Int, 3)
        XCTAssertEqual((rows[2]["revenue"] as? NSNumber)?.doubleValue, 530)
        XCTAssertTrue(result.stdout.contains("\"revenue\": 530.0000"), "exact decimal text kept")
    }

    func testHTMLOverviewWrittenAtomicallyToAFile() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("overview.html").path
        let result = try crmwh(["report", "overview", "--format", "html", "--out", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        for heading in ["KPIs, last 12 months", "Value tiers and Pareto share", "RFM segments", "Retention by acquisition cohort"] {
            XCTAssertTrue(html.contains("<h2>\(heading)</h2>"), heading)
        }
        XCTAssertTrue(html.contains("background: hsl("), "retention heatmap shading")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["overview.html"])
    }

    func testKPIExportWithManifest() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("kpi-2025-Q1.csv").path
        let result = try crmwh(["export", "kpi", "--period", "2025-Q1", "--out", path, "--run-id", "42"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let csv = String(decoding: data, as: UTF8.self)
        XCTAssertEqual(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 4, "header and three months")
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: path + ".manifest.json"))) as! [String: Any]
        XCTAssertEqual(manifest["rows"] as? Int, 3)
        XCTAssertEqual(manifest["run_id"] as? Int, 42)
        XCTAssertEqual(manifest["period"] as? String, "2025-Q1")
        XCTAssertEqual(manifest["period_end"] as? String, "2025-03-31")
        XCTAssertEqual(manifest["as_of"] as? String, "2025-03-31")
        XCTAssertEqual(manifest["bytes"] as? Int, data.count)
        XCTAssertEqual(manifest["months_without_data"] as? [String], [])
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("kpi-\(UUID().uuidString).bin").path
        try data.write(to: URL(fileURLWithPath: copy))
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let expected = try ProcessRunner.run("/usr/bin/sha256sum", [copy]).stdout.split(separator: " ")[0]
        XCTAssertEqual(manifest["sha256"] as? String, String(expected))
    }

    func testKPIExportOfAPeriodPastTheDataSaysSo() throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("kpi-2025-Q2.csv").path
        // The fixture's data ends on 2025-03-31: April to June have no rows.
        let result = try crmwh(["export", "kpi", "--period", "2025-Q2", "--out", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("no rows for 2025-04, 2025-05, 2025-06: the refreshed data ends on 2025-03-31"),
            result.stderr)
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: path + ".manifest.json"))) as! [String: Any]
        XCTAssertEqual(manifest["rows"] as? Int, 0)
        XCTAssertEqual(manifest["months_without_data"] as? [String], ["2025-04-01", "2025-05-01", "2025-06-01"])
        let covered = try crmwh(["export", "kpi", "--period", "2025-03"])
        XCTAssertFalse(covered.stderr.contains("no rows"), covered.stderr)
    }

    func testRefreshExitsSeventyFiveWhileTheLockIsHeld() throws {
        let holder = try Connection(try fixture().conninfo)
        XCTAssertTrue(try holder.tryAdvisoryLock(WarehouseLock.key))
        let locked = try crmwh(["refresh"])
        XCTAssertEqual(locked.status, 75, locked.stderr)
        XCTAssertTrue(locked.stderr.contains("lock"), locked.stderr)
        _ = try holder.releaseAdvisoryLock(WarehouseLock.key)
        let refreshed = try crmwh(["refresh"])
        XCTAssertEqual(refreshed.status, 0, refreshed.stderr)
        XCTAssertTrue(refreshed.stderr.contains("up to date"), refreshed.stderr)
    }
}
