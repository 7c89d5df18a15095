import Foundation
import TestSupport
import XCTest

/// End to end: the built binary, its output and its exit codes.
final class CommandLineTests: XCTestCase {
    func testHelpListsCommands() throws {
        let result = try BuiltBinary.run(["--help"])
        XCTAssertEqual(result.status, 0)
        for command in ["db", "migrate", "clv"] {
            XCTAssertTrue(result.stdout.contains("  \(command)"), "missing \(command) in:\n\(result.stdout)")
        }
        XCTAssertTrue(result.stdout.contains("--database"))
        XCTAssertEqual(try BuiltBinary.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, false)
    }

    func testUnknownOptionIsUsageError() throws {
        let result = try BuiltBinary.run(["migrate", "--no-such-option"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("no-such-option"))
    }

    func testMigrateTwiceAppliesNothingTheSecondTime() throws {
        let database = try TestCluster.makeDatabase(prefix: "cli_migrate")
        let first = try BuiltBinary.run(["migrate", "--database", database])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("applied migration 0001_schemas_and_audit"), first.stderr)
        let second = try BuiltBinary.run(["migrate", "--database", database])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stderr.contains("no migration applied"), second.stderr)
    }

    func testBadConninfoFailsWithoutPassword() throws {
        let result = try BuiltBinary.run(["migrate", "--database", "postgresql://u:topsecret@/x?host=/nonexistent"])
        XCTAssertEqual(result.status, 1)
        XCTAssertFalse(result.stderr.contains("topsecret"))
        XCTAssertTrue(result.stderr.contains("could not connect"), result.stderr)
    }

    func testEmbeddedClusterLifecycle() throws {
        let home = URL(fileURLWithPath: "/tmp/crmwh-e2e-\(UUID().uuidString.prefix(8))")
        defer {
            _ = try? BuiltBinary.run(["db", "stop"], environment: ["CRMWH_HOME": home.path])
            try? FileManager.default.removeItem(at: home)
        }
        let env = ["CRMWH_HOME": home.path]
        XCTAssertEqual(try BuiltBinary.run(["db", "status"], environment: env).status, 3)
        let start = try BuiltBinary.run(["db", "start"], environment: env)
        XCTAssertEqual(start.status, 0, start.stderr)
        XCTAssertTrue(start.stderr.contains("created a PostgreSQL cluster"), start.stderr)
        let status = try BuiltBinary.run(["db", "status"], environment: env)
        XCTAssertEqual(status.status, 0)
        XCTAssertTrue(status.stdout.contains("running"))
        let migrate = try BuiltBinary.run(["migrate"], environment: env)
        XCTAssertEqual(migrate.status, 0, migrate.stderr)
        XCTAssertTrue(migrate.stderr.contains("applied"))
        let url = try BuiltBinary.run(["db", "url"], environment: env).stdout
        XCTAssertTrue(url.contains(home.path))
        XCTAssertEqual(try BuiltBinary.run(["db", "stop"], environment: env).status, 0)
        XCTAssertEqual(try BuiltBinary.run(["db", "status"], environment: env).status, 3)
    }
}
