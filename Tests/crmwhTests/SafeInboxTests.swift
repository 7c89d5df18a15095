import Foundation
import PostgresClient
import TestSupport
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// End to end: the nightly inbox takes regular files only, never follows a
/// link (crmwh may run as root), and never overwrites what it moves.
final class SafeInboxTests: XCTestCase {
    func testLinksAndFIFOsAreNeverReadAndNothingIsOverwritten() throws {
        let root = URL(fileURLWithPath: "/tmp/crmwh-inbox-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let inbox = root.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("archive"), withIntermediateDirectories: true)
        let header = "order_id,customer_id,unit_price,currency,ordered_at\n"
        try (header + "A1,C1,10.00,USD,2025-01-02T10:00:00Z\n").write(
            to: inbox.appendingPathComponent("transactions.csv"), atomically: true, encoding: .utf8)
        // A secret elsewhere, linked into the inbox under a name the feed would take.
        let secret = root.appendingPathComponent("secret.csv")
        try (header + "TOPSECRET,C9,1.00,USD,2025-01-02T10:00:00Z\n").write(to: secret, atomically: true, encoding: .utf8)
        chmod(secret.path, 0o600)
        try FileManager.default.createSymbolicLink(
            atPath: inbox.appendingPathComponent("transactions_link.csv").path, withDestinationPath: secret.path)
        XCTAssertEqual(mkfifo(inbox.appendingPathComponent("transactions_pipe.csv").path, 0o600), 0)
        // The archive already holds a file of the same name: it must survive.
        try "earlier".write(to: root.appendingPathComponent("archive/transactions.csv"), atomically: true, encoding: .utf8)

        try FileManager.default.createDirectory(at: root.appendingPathComponent("config"), withIntermediateDirectories: true)
        try "directories: { inbox: ../inbox, archive: ../archive }\nanalysis: { clv: { enabled: false } }\n".write(
            to: root.appendingPathComponent("config/crmwh.yaml"), atomically: true, encoding: .utf8)
        let database = try TestCluster.makeDatabase(prefix: "safe_inbox")
        let run = try BuiltBinary.run(["run", "--database", database], in: root)
        XCTAssertEqual(run.status, 3, "a link and a FIFO are warnings: \(run.text)")
        XCTAssertFalse(run.text.contains("TOPSECRET"))
        XCTAssertTrue(run.stderr.contains("transactions_link.csv (symbolic link, not followed)"), run.stderr)
        XCTAssertTrue(run.stderr.contains("transactions_pipe.csv (not a regular file)"), run.stderr)

        let connection = try Connection(database)
        XCTAssertEqual(try connection.query("select string_agg(order_id, ',') from dw.fact_sales").scalar, "A1")
        XCTAssertEqual(try connection.query("select count(*) from etl.reject where raw_record like '%TOPSECRET%'").int(0, 0), 0)
        XCTAssertEqual(try connection.query("select count(*) from etl.file where message like '%TOPSECRET%'").int(0, 0), 0)
        // Left where they were; the link still points at its target, unread.
        XCTAssertEqual(
            try FileManager.default.destinationOfSymbolicLink(atPath: inbox.appendingPathComponent("transactions_link.csv").path),
            secret.path)
        XCTAssertEqual(
            try String(contentsOf: root.appendingPathComponent("archive/transactions.csv"), encoding: .utf8), "earlier")
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("archive/transactions.csv.1").path))
    }

    func testLoadRefusesAFIFOWithoutHanging() throws {
        let root = URL(fileURLWithPath: "/tmp/crmwh-fifo-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let pipe = root.appendingPathComponent("orders.csv").path
        XCTAssertEqual(mkfifo(pipe, 0o600), 0)
        let database = try TestCluster.makeMigratedDatabase(prefix: "fifo")
        let load = try BuiltBinary.run(["load", "transactions", pipe, "--database", database], in: root)
        XCTAssertEqual(load.status, 1, load.text)
        XCTAssertTrue(load.text.contains("not a regular file"), load.text)
    }
}
