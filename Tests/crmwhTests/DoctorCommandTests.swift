import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// `crmwh doctor` on a healthy set-up and on deliberately broken ones:
/// each failure is named on its own line with a fix, and the exit code
/// says whether everything passed.
final class DoctorCommandTests: XCTestCase {
    /// A working directory with config/crmwh.yaml (defaults: inbox/,
    /// archive/, error/, out/ beside config/) and, if asked, the inbox.
    func setUp(inbox: Bool) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-doctor-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("config"), withIntermediateDirectories: true)
        try "directories: { inbox: ../inbox, archive: ../archive, error: ../error, output: ../out }\n".write(
            to: directory.appendingPathComponent("config/crmwh.yaml"), atomically: true, encoding: .utf8)
        if inbox { try FileManager.default.createDirectory(at: directory.appendingPathComponent("inbox"), withIntermediateDirectories: true) }
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    func migratedWarehouse() throws -> String {
        let database = try TestCluster.makeDatabase(prefix: "doctor")
        let migrate = try BuiltBinary.run(["migrate", "--database", database])
        XCTAssertEqual(migrate.status, 0, migrate.stderr)
        return database
    }

    func doctor(_ directory: URL, database: String) throws -> (status: Int32, lines: [String]) {
        let result = try BuiltBinary.run(["doctor", "--database", database], in: directory)
        XCTAssertEqual(result.stderr, "")
        return (result.status, result.stdout.split(separator: "\n").map(String.init))
    }

    func line(_ lines: [String], _ prefix: String) -> String? {
        lines.first { $0.hasPrefix(prefix) }
    }

    func testAHealthySetUpPassesEveryCheck() throws {
        let directory = try setUp(inbox: true)
        let (status, lines) = try doctor(directory, database: try migratedWarehouse())
        XCTAssertEqual(status, 0, lines.joined(separator: "\n"))
        for name in ["embedded cluster", "sql directory", "inbox", "archive", "error", "output", "feeds", "database",
                     "schema", "marts", "privileges", "lock"] {
            XCTAssertNotNil(line(lines, "ok    \(name)"), "\(name):\n\(lines.joined(separator: "\n"))")
        }
        XCTAssertEqual(lines.last, "all 12 checks passed")
    }

    func testMissingInboxStaleSchemaHeldLockAndStrayFileAreEachNamed() throws {
        let directory = try setUp(inbox: false)
        let database = try migratedWarehouse()
        let connection = try Connection(database)
        let last = try XCTUnwrap(try connection.query("select max(name) from etl.schema_migration").string(0, 0))
        try connection.query("delete from etl.schema_migration where name = $1", [last])
        let holder = try Connection(database)
        XCTAssertTrue(try holder.tryAdvisoryLock(WarehouseLock.key))

        var (status, lines) = try doctor(directory, database: database)
        XCTAssertEqual(status, 1)
        let inbox = directory.appendingPathComponent("inbox").path
        XCTAssertEqual(line(lines, "FAIL  inbox"), "FAIL  inbox             \(inbox) does not exist", lines.joined(separator: "\n"))
        XCTAssertEqual(line(lines, "FAIL  schema"), "FAIL  schema            1 pending migration: \(last)")
        XCTAssertTrue(line(lines, "FAIL  lock")?.contains("the warehouse lock is held by another session") == true, "\(lines)")
        XCTAssertTrue(lines.contains { $0.contains("fix: crmwh migrate") })
        XCTAssertTrue(lines.contains { $0.contains("fix: mkdir -p \(inbox)") })
        XCTAssertEqual(lines.last, "3 of 12 checks failed")

        // A file no feed takes would wait in the inbox for ever.
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        try "x\n".write(toFile: inbox + "/notes.txt", atomically: true, encoding: .utf8)
        (status, lines) = try doctor(directory, database: database)
        XCTAssertEqual(status, 1)
        XCTAssertNil(line(lines, "FAIL  inbox"))
        XCTAssertTrue(line(lines, "FAIL  feeds")?.hasSuffix("no feed takes notes.txt") == true, "\(lines)")
    }

    func testAnUnreachableDatabaseIsOneFailureAndItsChecksAreSkipped() throws {
        let directory = try setUp(inbox: true)
        let (status, lines) = try doctor(directory, database: "host=/nonexistent-crmwh-socket-dir port=5999 user=crmwh password=s3cret")
        XCTAssertEqual(status, 1)
        let database = try XCTUnwrap(line(lines, "FAIL  database"), "\(lines)")
        XCTAssertFalse(lines.joined().contains("s3cret"), "no secret printed")
        XCTAssertTrue(database.contains("/nonexistent-crmwh-socket-dir"), database)
        for name in ["schema", "marts", "privileges", "lock"] {
            XCTAssertNotNil(line(lines, "--    \(name)"), "\(name) skipped:\n\(lines.joined(separator: "\n"))")
        }
        XCTAssertEqual(lines.last, "1 of 12 checks failed")
    }

    func testABrokenConfigurationIsAFailedCheck() throws {
        let directory = try setUp(inbox: true)
        try "warehouse: { lock_timout: 10s }\n".write(
            to: directory.appendingPathComponent("config/crmwh.yaml"), atomically: true, encoding: .utf8)
        let result = try BuiltBinary.run(["doctor"], in: directory)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stdout.hasPrefix("FAIL  configuration"), result.stdout)
        XCTAssertTrue(result.stdout.contains("warehouse.lock_timout"), result.stdout)
    }
}
