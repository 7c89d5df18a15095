import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// End to end: `crmwh run` as cron runs it, on generated feeds.
final class NightlyRunTests: XCTestCase {
    var root: URL!
    var database: String!

    override func setUpWithError() throws {
        root = URL(fileURLWithPath: "/tmp/crmwh-run-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        database = try TestCluster.makeDatabase(prefix: "nightly")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func generate(lines: Int, customers: Int) throws {
        let result = try BuiltBinary.run(
            ["generate", "--customers", "\(customers)", "--transactions", "\(lines)", "--out", "inbox", "--quiet"], in: root)
        XCTAssertEqual(result.status, 0, result.stderr)
        try FileManager.default.removeItem(at: root.appendingPathComponent("inbox/manifest.json"))
    }

    func runNightly(_ extra: [String] = [], database: String? = nil) throws -> ProcessRunner.Output {
        try BuiltBinary.run(["run", "--database", database ?? self.database] + extra, in: root)
    }

    func files(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path).sorted()
    }

    func counts(_ conninfo: String) throws -> [Int] {
        let connection = try Connection(conninfo)
        return try ["dw.fact_sales", "dw.fact_interaction", "dw.dim_customer", "dw.customer_source_key", "dw.dim_product"]
            .map { try connection.query("select count(*) from \($0)").int(0, 0) ?? -1 }
    }

    func testInboxFilesEndInArchiveOrError() throws {
        try generate(lines: 3000, customers: 300)
        // A transactions file that is mostly garbage is refused.
        try "order_id,customer_id,unit_price,ordered_at\nA,1,x,2024-01-01\nB,2,10,nope\nC,3,5,2024-01-01\n"
            .write(to: root.appendingPathComponent("inbox/transactions_bad.csv"), atomically: true, encoding: .utf8)
        let result = try runNightly()
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(try files("inbox"), [])
        XCTAssertEqual(try files("error"), ["transactions_bad.csv", "transactions_bad.csv.rejects.csv"])
        XCTAssertTrue(try files("archive").contains("transactions.csv"))
        XCTAssertTrue(try files("archive").contains("transactions.csv.rejects.csv"))
        XCTAssertTrue(result.stdout.contains("refused"), result.stdout)
        // Nothing left to do: the next run loads nothing and succeeds.
        let again = try runNightly()
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("no new files"))
    }

    func testSecondConcurrentRunExits75AndChangesNothing() throws {
        try generate(lines: 40000, customers: 3000)
        let first = try BuiltBinary.start(["run", "--database", database], in: root)
        // Start the second once the first holds the lock.
        let connection = try Connection(database)
        for _ in 0..<500 {
            let held = try connection.query("select count(*) from pg_locks where locktype = 'advisory'").int(0, 0) ?? 0
            if held > 0 { break }
            usleep(10_000)
        }
        let second = try runNightly()
        let firstResult = first.wait()
        XCTAssertEqual(second.status, 75, second.stderr)
        XCTAssertTrue(second.stderr.contains("another crmwh run holds the warehouse lock"), second.stderr)
        XCTAssertTrue([0, 3].contains(firstResult.status), firstResult.stderr)
        XCTAssertEqual(try connection.query("select count(*) from etl.run").int(0, 0), 1, "the second run wrote nothing")
    }

    func testKilledRunResumesToTheSameWarehouseAsACleanRun() throws {
        try generate(lines: 150_000, customers: 8000)
        let copy = root.appendingPathComponent("clean-inbox")
        try FileManager.default.copyItem(at: root.appendingPathComponent("inbox"), to: copy)

        let victim = try BuiltBinary.start(["run", "--database", database], in: root)
        let connection = try Connection(database)
        for _ in 0..<1000 {
            let copying = try connection.query(
                "select count(*) from pg_stat_activity where query like 'copy dw.fact_sales%' or query like 'copy staging.sales%'").int(0, 0) ?? 0
            if copying > 0 { break }
            usleep(10_000)
        }
        victim.signal(SIGKILL)
        XCTAssertEqual(victim.wait().status, 128 + SIGKILL)
        XCTAssertTrue(try files("inbox").contains("transactions.csv"), "the file in flight stays in the inbox")

        let resumed = try runNightly()
        XCTAssertTrue([0, 3].contains(resumed.status), resumed.stderr)

        // The same files, loaded cleanly in one run elsewhere.
        let clean = try TestCluster.makeDatabase(prefix: "nightly_clean")
        try FileManager.default.removeItem(at: root.appendingPathComponent("inbox"))
        try FileManager.default.moveItem(at: copy, to: root.appendingPathComponent("inbox"))
        try FileManager.default.removeItem(at: root.appendingPathComponent("archive"))
        XCTAssertTrue([0, 3].contains(try runNightly(database: clean).status))
        XCTAssertEqual(try counts(database), try counts(clean))
        let statuses = try connection.query("select status from etl.run order by run_id").rows.map { $0[0]! }
        XCTAssertEqual(statuses.first, "interrupted")
        XCTAssertEqual(statuses.count, 2)
    }

    func testUnknownConfigKeyExits2NamingIt() throws {
        let config = root.appendingPathComponent("crmwh.yaml")
        try "warehouse:\n  base_curency: EUR\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try runNightly(["--config", config.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("base_curency"), result.stderr)
    }
}
