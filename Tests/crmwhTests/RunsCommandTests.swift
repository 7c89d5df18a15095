import Foundation
import TestSupport
import XCTest

/// End to end: `crmwh config check`, `crmwh runs` and `crmwh runs show` as an operator runs them.
final class RunsCommandTests: XCTestCase {
    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-ops-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("config"), withIntermediateDirectories: true)
        return directory
    }

    func testConfigCheckNamesAnUnknownKeyAndExits2() throws {
        let directory = try temporaryDirectory()
        try "warehouse:\n  base_currency: EUR\n  lock_timout: 10s\n".write(
            to: directory.appendingPathComponent("config/crmwh.yaml"), atomically: true, encoding: .utf8)
        let result = try BuiltBinary.run(["config", "check"], in: directory)
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("config/crmwh.yaml:3"), result.stderr)
        XCTAssertTrue(result.stderr.contains("key 'warehouse.lock_timout'"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testConfigCheckPrintsTheEffectiveConfigWithoutPassword() throws {
        let directory = try temporaryDirectory()
        let shipped = TestCluster.repositoryRoot.appendingPathComponent("config/crmwh.yaml")
        let result = try BuiltBinary.run(
            ["config", "check", "--config", shipped.path, "--database", "postgresql://loader:hunter2@db.internal/crm"],
            in: directory, environment: ["CRMWH_LOCK_TIMEOUT": "5s"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.contains("hunter2"))
        XCTAssertTrue(result.stdout.contains("postgresql://loader:****@db.internal/crm"), result.stdout)
        XCTAssertTrue(result.stdout.contains("lock_timeout: \"5s\""), result.stdout)
        XCTAssertTrue(result.stdout.contains("CRMWH_LOCK_TIMEOUT"), result.stdout)
        XCTAssertTrue(result.stdout.contains(TestCluster.repositoryRoot.appendingPathComponent("inbox/transactions*.csv*").path), result.stdout)
        let order = ["fx_rates", "products", "campaigns", "contacts", "transactions", "interactions"].compactMap {
            result.stdout.range(of: "{name: \($0),")?.lowerBound
        }
        XCTAssertEqual(order.count, 6)
        XCTAssertEqual(order, order.sorted(), "feeds not in load order")
    }

    func testRunsListsAndShowsRuns() throws {
        let directory = try temporaryDirectory()
        let database = try TestCluster.makeMigratedDatabase(prefix: "cli_runs")
        let empty = try BuiltBinary.run(["runs", "--database", database], in: directory)
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertTrue(empty.stdout.contains("no runs recorded yet"), empty.stdout)

        let orders = directory.appendingPathComponent("orders.csv")
        try """
            order_id,line_no,customer_id,sku,quantity,unit_price,currency,ordered_at
            O1,1,C1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z
            O2,1,C1,SKU1,1,ten,USD,2024-03-02T12:00:00Z
            O3,1,C2,SKU2,2,12.50,USD,2024-03-03T12:00:00Z

            """.write(to: orders, atomically: true, encoding: .utf8)
        // The configured feed's reject budget applies to `load` (the canonical feed refuses above 10 %).
        try "feeds: [{ name: transactions, kind: transactions, max_reject_ratio: 0.5 }]\n".write(
            to: directory.appendingPathComponent("config/crmwh.yaml"), atomically: true, encoding: .utf8)
        let load = try BuiltBinary.run(["load", "transactions", orders.path, "--database", database], in: directory)
        XCTAssertEqual(load.status, 3, load.stderr)
        XCTAssertEqual(try BuiltBinary.run(["load", "transactions", orders.path, "--database", database], in: directory).status, 0)

        let table = try BuiltBinary.run(["runs", "--database", database], in: directory)
        XCTAssertEqual(table.status, 0, table.stderr)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("RUN  COMMAND"), table.stdout)
        XCTAssertEqual(lines.filter { $0.contains("load transactions") }.count, 2, table.stdout)
        XCTAssertTrue(lines[1].contains("succeeded"), "newest first:\n\(table.stdout)")
        XCTAssertTrue(lines[2].contains("succeeded_with_rejects"), table.stdout)

        let json = try BuiltBinary.run(["runs", "--last", "1", "--format", "json", "--database", database], in: directory)
        XCTAssertEqual(json.status, 0, json.stderr)
        let runs = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(runs.count, 1)
        XCTAssertEqual(runs[0]["files_skipped"] as? Int, 1)
        XCTAssertEqual(runs[0]["status"] as? String, "succeeded")

        let all = try JSONSerialization.jsonObject(
            with: Data(try BuiltBinary.run(["runs", "--format", "json", "--database", database], in: directory).stdout.utf8)) as? [[String: Any]]
        let firstID = try XCTUnwrap(all?.last?["run_id"] as? Int)
        let show = try BuiltBinary.run(["runs", "show", "\(firstID)", "--database", database], in: directory)
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("run \(firstID): load transactions — succeeded_with_rejects"), show.stdout)
        XCTAssertTrue(show.stdout.contains(orders.path), show.stdout)
        XCTAssertTrue(show.stdout.contains("3 read, 2 loaded, 1 rejected"), show.stdout)
        XCTAssertTrue(show.stdout.contains("unit_price") && show.stdout.contains("ten"), show.stdout)
        XCTAssertTrue(show.stdout.contains("EXAMPLE VALUE") && show.stdout.contains("FIRST REASON"), show.stdout)
        XCTAssertFalse(show.stdout.contains("more reason"), "every reason is shown:\n\(show.stdout)")

        let showJSON = try BuiltBinary.run(["runs", "show", "\(firstID)", "--format", "json", "--database", database], in: directory)
        let detail = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(showJSON.stdout.utf8)) as? [String: Any])
        let files = try XCTUnwrap(detail["files"] as? [[String: Any]])
        let reasons = try XCTUnwrap(files.first?["top_rejects"] as? [[String: Any]])
        XCTAssertEqual(reasons.first?["example_line"] as? Int, 3)
        XCTAssertEqual(reasons.first?["count"] as? Int, 1)

        let missing = try BuiltBinary.run(["runs", "show", "424242", "--database", database], in: directory)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("there is no run 424242"), missing.stderr)
    }

    func testRunsOnAnUnmigratedDatabaseSaysSo() throws {
        let database = try TestCluster.makeDatabase(prefix: "cli_runs_empty")
        let result = try BuiltBinary.run(["runs", "--database", database], in: try temporaryDirectory())
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("crmwh migrate"), result.stderr)
    }
}
