import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// docs/operations.md's production roles, applied as the page writes them:
/// the owner migrates, the nightly job runs as a loader that owns nothing.
final class ProductionRolesTests: XCTestCase {
    /// The bodies of the page's ```sql blocks.
    func documentedSQL() throws -> [String] {
        let page = try String(
            contentsOf: TestCluster.repositoryRoot.appendingPathComponent("docs/operations.md"), encoding: .utf8)
        return page.components(separatedBy: "```sql\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    }

    func testNightlyJobRunsAsTheDocumentedLoaderRole() throws {
        let blocks = try documentedSQL()
        let roles = try XCTUnwrap(blocks.first { $0.contains("create role crmwh_loader") })
        let grants = try XCTUnwrap(blocks.first { $0.contains("-- loader:") })
        let admin = try TestCluster.makeDatabase(prefix: "roles")
        let database = admin.components(separatedBy: "dbname=")[1].components(separatedBy: " ")[0]
        let adminConnection = try Connection(admin)
        // The roles and the database, with the test's database standing in for `crm`.
        for statement in roles.components(separatedBy: ";") {
            let sql = statement.components(separatedBy: "\n").filter { !$0.hasPrefix("--") }
                .map { $0.components(separatedBy: "--")[0] }.joined(separator: " ").trimmingCharacters(in: .whitespaces)
            if sql.isEmpty { continue }
            if sql.hasPrefix("create database") {
                try adminConnection.execute("alter database \(database) owner to crmwh_owner")
            } else {
                try adminConnection.execute(sql.replacingOccurrences(of: "database crm ", with: "database \(database) "))
            }
        }
        let owner = admin.replacingOccurrences(of: "user=crmwh", with: "user=crmwh_owner")
        let loader = admin.replacingOccurrences(of: "user=crmwh", with: "user=crmwh_loader")
        let root = URL(fileURLWithPath: "/tmp/crmwh-roles-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)

        let migrate = try BuiltBinary.run(["migrate", "--database", owner, "--quiet"], in: root)
        XCTAssertEqual(migrate.status, 0, migrate.stderr)
        try Connection(owner).execute(grants)

        let generate = try BuiltBinary.run(
            ["generate", "--customers", "300", "--transactions", "3000", "--out", "inbox", "--quiet"], in: root)
        XCTAssertEqual(generate.status, 0, generate.stderr)
        try FileManager.default.removeItem(at: root.appendingPathComponent("inbox/manifest.json"))
        let run = try BuiltBinary.run(["run", "--database", loader, "--quiet"], in: root)
        XCTAssertTrue([0, 3].contains(run.status), run.stderr)
        XCTAssertFalse(run.stderr.contains("permission denied"), run.stderr)

        let check = try Connection(admin)
        XCTAssertGreaterThan(try check.query("select count(*) from dw.fact_sales").int(0, 0) ?? 0, 2000)
        XCTAssertGreaterThan(try check.query("select count(*) from mart.kpi_monthly").int(0, 0) ?? 0, 0)
        XCTAssertGreaterThan(try check.query("select count(*) from dw.customer_score").int(0, 0) ?? 0, 0)
        XCTAssertEqual(
            try check.query("select count(*) from etl.run where status not in ('succeeded', 'succeeded_with_rejects')").int(0, 0), 0,
            "every run succeeded")
        // The loader never became an owner of anything.
        XCTAssertEqual(
            try check.query("select count(*) from pg_class where relowner = 'crmwh_loader'::regrole and relpersistence <> 't'")
                .int(0, 0), 0)
    }
}
