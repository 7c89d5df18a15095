import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// docs/operations.md's production roles, set up as the page says: the
/// superuser creates the roles and the database, the owner migrates and
/// runs `crmwh grants`, the nightly job runs as a loader that owns nothing.
final class ProductionRolesTests: XCTestCase {
    func testNightlyJobRunsAsTheDocumentedLoaderRole() throws {
        let database = try ProductionRoles.makeWarehouse(prefix: "roles")
        let root = URL(fileURLWithPath: "/tmp/crmwh-roles-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)

        let generate = try BuiltBinary.run(
            ["generate", "--customers", "300", "--transactions", "3000", "--out", "inbox", "--quiet"], in: root)
        XCTAssertEqual(generate.status, 0, generate.stderr)
        try FileManager.default.removeItem(at: root.appendingPathComponent("inbox/manifest.json"))
        let run = try BuiltBinary.run(["run", "--database", database.loader, "--quiet"], in: root)
        XCTAssertTrue([0, 3].contains(run.status), run.stderr)
        XCTAssertFalse(run.stderr.contains("permission denied"), run.stderr)

        let check = try Connection(database.admin)
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
        // The stored reports were refreshed through the function only the loader (and the owner) may run.
        XCTAssertGreaterThan(try check.query("select count(*) from mart.channel_mix_current").int(0, 0) ?? 0, 0)

        // And an analyst reads the marts it filled.
        let analyst = try Connection(try ProductionRoles.analystLogin(database))
        XCTAssertGreaterThan(try analyst.query("select count(*) from mart.kpi_monthly").int(0, 0) ?? 0, 0)
        XCTAssertGreaterThan(try analyst.query("select count(*) from mart.customer_value").int(0, 0) ?? 0, 0)
        XCTAssertGreaterThan(
            try analyst.query("select count(distinct customer_id) from dw.dim_customer_analyst where is_current").int(0, 0) ?? 0, 200)
        XCTAssertThrowsError(try analyst.query("select email from dw.dim_customer")) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, SQLState.insufficientPrivilege, "\(error)")
        }
    }

    /// The grants the page shows are the ones `crmwh grants` applies.
    func testTheDocumentedGrantsAreTheCommandsSQL() throws {
        let file = try String(
            contentsOf: TestCluster.repositoryRoot.appendingPathComponent("sql/grants/roles.sql"), encoding: .utf8)
        let blocks = try ProductionRoles.documentedSQL()
        XCTAssertTrue(blocks.contains(file), "docs/operations.md shows sql/grants/roles.sql as it is")
        let page = try String(
            contentsOf: TestCluster.repositoryRoot.appendingPathComponent("docs/operations.md"), encoding: .utf8)
        XCTAssertTrue(page.contains("crmwh grants --database \"host=db.internal dbname=crm user=crmwh_owner\""))
        let files = try TestCluster.repositorySQL().files(in: "grants").map(\.lastPathComponent)
        XCTAssertEqual(files, ["roles.sql"], "every file crmwh grants runs is on the page")
    }
}
