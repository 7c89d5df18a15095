import Foundation
import PostgresClient
import TestSupport
import XCTest

/// End to end: `crmwh migrate` on a loaded, refreshed warehouse reinstalls
/// the marts, which recreates the stored reports (materialized views); they
/// must come back filled, so reports read the same rows as before it.
final class MigrateStoredReportsTests: XCTestCase {
    func temporaryDirectory() throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/crmwh-migrate-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func report(_ name: String, _ database: String) throws -> String {
        let result = try BuiltBinary.run(["report", name, "--format", "csv", "--database", database])
        XCTAssertEqual(result.status, 0, "report \(name): \(result.stderr)")
        return result.stdout
    }

    func testReportsReadTheSameRowsAfterMigrateAsBefore() throws {
        let database = try TestCluster.makeDatabase(prefix: "migrate_reports")
        let root = try temporaryDirectory()
        let generate = try BuiltBinary.run(
            ["generate", "--customers", "200", "--transactions", "3000", "--out", "inbox", "--bad-ratio", "0",
             "--end-date", "2025-12-31", "--quiet"],
            in: root)
        XCTAssertEqual(generate.status, 0, generate.stderr)
        try FileManager.default.removeItem(at: root.appendingPathComponent("inbox/manifest.json"))
        let run = try BuiltBinary.run(["run", "--database", database, "--quiet"], in: root)
        XCTAssertEqual(run.status, 0, run.stderr)

        // Each of these reads a stored report at the latest data.
        let names = ["channel_mix", "campaign_response", "product_pairs"]
        var before: [String: String] = [:]
        for name in names { before[name] = try report(name, database) }
        // A row per channel: the comparison below is not of empty reports.
        let channelLines = before["channel_mix"]!.split(whereSeparator: \.isNewline)
            .filter { $0.hasPrefix("web,") || $0.hasPrefix("store,") }
        XCTAssertFalse(channelLines.isEmpty, before["channel_mix"]!)

        let migrate = try BuiltBinary.run(["migrate", "--database", database])
        XCTAssertEqual(migrate.status, 0, migrate.stderr)

        let connection = try Connection(database)
        let unpopulated = try connection.query(
            "select matviewname from pg_matviews where schemaname = 'mart' and not ispopulated order by 1")
        XCTAssertEqual(unpopulated.rows.compactMap { $0[0] }, [], "stored reports left empty by migrate")
        let stored = try connection.query("select count(*) from pg_matviews where schemaname = 'mart'").int(0, 0) ?? 0
        XCTAssertGreaterThanOrEqual(stored, 4)
        for name in names {
            XCTAssertEqual(try report(name, database), before[name], "report \(name) after migrate")
        }
    }
}
