import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// End to end: SIGTERM and SIGINT stop every writer the same way: the
/// statement in flight is cancelled and rolled back, the lock released, the
/// run recorded `interrupted`, exit 1.
final class SignalTests: XCTestCase {
    /// Starts `arguments`, waits until its statement waits on the lock an
    /// analyst's open transaction holds, sends `signal`, and returns its output.
    func interrupt(
        _ arguments: [String], database: String, blockingWith lock: String, signal: Int32, in directory: URL? = nil
    ) throws -> ProcessRunner.Output {
        let analyst = try Connection(database)
        try analyst.execute("begin; \(lock)")
        let running = try BuiltBinary.start(arguments + ["--database", database], in: directory)
        let watcher = try Connection(database)
        var waiting = false
        for _ in 0..<200 where !waiting {
            usleep(50_000)
            waiting = try watcher.query(
                "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
            ).int(0, 0) ?? 0 > 0
        }
        XCTAssertTrue(waiting, "the command never waited on the lock")
        running.signal(signal)
        let output = running.wait()
        try analyst.execute("rollback")
        return output
    }

    func lastRun(_ database: String) throws -> [String?] {
        try Connection(database).query("select command, status, message from etl.run order by run_id desc limit 1").rows.first ?? []
    }

    func testLoadStopsCleanlyOnSIGTERM() throws {
        let database = try TestCluster.makeMigratedDatabase(prefix: "sig_load")
        let root = URL(fileURLWithPath: "/tmp/crmwh-sig-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let orders = root.appendingPathComponent("orders.csv")
        try "order_id,customer_id,unit_price,currency,ordered_at\nS1,C1,10.00,USD,2025-01-02T10:00:00Z\n".write(
            to: orders, atomically: true, encoding: .utf8)
        let output = try interrupt(
            ["load", "transactions", orders.path], database: database,
            blockingWith: "lock table dw.fact_sales in access exclusive mode", signal: SIGTERM)
        XCTAssertEqual(output.status, 1, output.text)
        XCTAssertTrue(output.stderr.contains("interrupted by SIGTERM"), output.stderr)
        XCTAssertEqual(try lastRun(database).prefix(2), ["load transactions", "interrupted"])
        let connection = try Connection(database)
        XCTAssertEqual(try connection.query("select count(*) from dw.fact_sales").int(0, 0), 0)
        // The lock is free again: the same file loads at once.
        let again = try BuiltBinary.run(["load", "transactions", orders.path, "--database", database])
        XCTAssertEqual(again.status, 0, again.text)
        XCTAssertEqual(try connection.query("select count(*) from dw.fact_sales").int(0, 0), 1)
    }

    func testRefreshStopsCleanlyOnSIGINT() throws {
        let database = try TestCluster.makeMigratedDatabase(prefix: "sig_refresh")
        let migrate = try BuiltBinary.run(["migrate", "--database", database])
        XCTAssertEqual(migrate.status, 0, migrate.text)
        let output = try interrupt(
            ["refresh", "--full"], database: database,
            blockingWith: "lock table mart.customer_day in access exclusive mode", signal: SIGINT)
        XCTAssertEqual(output.status, 1, output.text)
        XCTAssertTrue(output.stderr.contains("interrupted by SIGINT"), output.stderr)
        XCTAssertEqual(try lastRun(database).prefix(2), ["refresh --full", "interrupted"])
        let refresh = try BuiltBinary.run(["refresh", "--database", database])
        XCTAssertEqual(refresh.status, 0, "the lock was released: \(refresh.text)")
    }

    func testNightlyRunLeavesTheInterruptedFileInTheInbox() throws {
        let database = try TestCluster.makeMigratedDatabase(prefix: "sig_run")
        let root = URL(fileURLWithPath: "/tmp/crmwh-sigrun-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try "order_id,customer_id,unit_price,currency,ordered_at\nR1,C1,10.00,USD,2025-01-02T10:00:00Z\n".write(
            to: root.appendingPathComponent("inbox/transactions.csv"), atomically: true, encoding: .utf8)
        let output = try interrupt(
            ["run"], database: database, blockingWith: "lock table dw.fact_sales in access exclusive mode", signal: SIGTERM,
            in: root)
        XCTAssertEqual(output.status, 1, output.text)
        XCTAssertEqual(try lastRun(database).prefix(2), ["run", "interrupted"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("inbox/transactions.csv").path))
        XCTAssertEqual(try Connection(database).query("select count(*) from dw.fact_sales").int(0, 0), 0)
    }
}
