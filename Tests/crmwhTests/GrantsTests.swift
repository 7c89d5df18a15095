import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// `crmwh grants`: analysts read no personal data and cannot refresh the
/// stored reports; the command is idempotent, takes back old grants, names
/// a missing role, and refuses to leave analysts a way to personal data.
final class GrantsTests: XCTestCase {
    func testAnAnalystIsRefusedPersonalDataAndTheRefreshFunction() throws {
        let warehouse = try ProductionRoles.makeWarehouse(prefix: "grants_analyst")
        let owner = try Connection(warehouse.owner)
        try owner.execute(
            """
            insert into dw.dim_customer (customer_id, first_name, last_name, email, phone, city, country)
            values ('web:C1', 'Ann', 'Example', 'ann@example.com', '+4930123456', 'Berlin', 'DE');
            insert into dw.customer_source_key (source_system, source_customer_id, customer_id, match_rule)
            values ('web', 'ann@example.com', 'web:C1', 'new');
            insert into dw.customer_profile (customer_id, attributes, attribute_updated_at)
            values ('web:C1', '{"email": "ann@example.com"}', '{}');
            """)
        // The stored reports are populated by their first refresh, which the owner may run.
        try owner.query("select mart.refresh_stored_reports()")
        let analyst = try Connection(try ProductionRoles.analystLogin(warehouse))

        for sql in [
            "select email from dw.dim_customer", "select phone from dw.dim_customer", "select count(*) from dw.dim_customer",
            "select attributes from dw.customer_profile", "select source_customer_id from dw.customer_source_key",
            "select email from staging.customer_change", "select raw_record from etl.reject",
            "select mart.refresh_stored_reports()",
        ] {
            XCTAssertThrowsError(try analyst.query(sql), sql) { error in
                XCTAssertEqual((error as? PostgresError)?.sqlState, SQLState.insufficientPrivilege, "\(sql): \(error)")
            }
        }

        let customer = try analyst.query(
            "select customer_id, city, country from dw.dim_customer_analyst where customer_id = 'web:C1'")
        XCTAssertEqual(customer.rows.first, ["web:C1", "Berlin", "DE"])
        XCTAssertEqual(try analyst.query("select count(*) from dw.fact_sales").int(0, 0), 0)
        // Every relation of the marts reads, views over functions included.
        let marts = try owner.query(
            """
            select quote_ident(n.nspname) || '.' || quote_ident(c.relname)
            from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
            where n.nspname = 'mart' and c.relkind in ('r', 'v', 'm', 'p')
            order by 1
            """
        ).rows.compactMap { $0[0] }
        XCTAssertGreaterThan(marts.count, 20)
        for relation in marts {
            XCTAssertNoThrow(try analyst.query("select * from \(relation) limit 1"), relation)
        }
        // No column the analyst can see anywhere is personal data.
        let visible = try analyst.query(
            """
            select table_schema || '.' || table_name || '.' || column_name
            from information_schema.columns
            where table_schema not in ('pg_catalog', 'information_schema')
                and column_name in ('email', 'phone', 'first_name', 'last_name', 'attributes', 'source_customer_id', 'raw_record', 'row_hash')
            order by 1
            """
        ).rows.compactMap { $0[0] }
        XCTAssertEqual(visible, [])
        // The view documents itself.
        XCTAssertNotNil(try owner.query("select obj_description('dw.dim_customer_analyst'::regclass, 'pg_class')").string(0, 0))
    }

    func testGrantsIsIdempotentAndTakesBackEarlierGrants() throws {
        let warehouse = try ProductionRoles.makeWarehouse(prefix: "grants_again")
        // What the page documented before: analysts read all of dw, now and later; the loader may create in staging.
        let owner = try Connection(warehouse.owner)
        try owner.execute(
            """
            grant select on all tables in schema dw to crmwh_analyst;
            alter default privileges in schema dw grant select on tables to crmwh_analyst;
            grant usage, create on schema staging to crmwh_loader;
            grant select on dw.dim_customer to public;
            grant execute on function mart.refresh_stored_reports() to public;
            """)
        for _ in 0..<2 {
            let grants = try BuiltBinary.run(["grants", "--database", warehouse.owner])
            XCTAssertEqual(grants.status, 0, grants.stderr)
            XCTAssertTrue(grants.stderr.contains("granted crmwh_analyst"), grants.stderr)
        }
        let check = try Connection(warehouse.admin)
        let privileges = try check.query(
            """
            select has_table_privilege('crmwh_analyst', 'dw.dim_customer', 'select'),
                has_schema_privilege('crmwh_loader', 'staging', 'create'),
                has_function_privilege('crmwh_analyst', 'mart.refresh_stored_reports()', 'execute'),
                has_function_privilege('crmwh_loader', 'mart.refresh_stored_reports()', 'execute'),
                has_table_privilege('crmwh_analyst', 'dw.dim_customer_analyst', 'select'),
                has_table_privilege('crmwh_loader', 'dw.dim_customer', 'insert'),
                has_database_privilege('crmwh_analyst', current_database(), 'connect'),
                has_database_privilege('crmwh_analyst', current_database(), 'temporary')
            """)
        XCTAssertEqual(privileges.rows.first, ["f", "f", "f", "t", "t", "t", "t", "f"])
        // Only the mart schema hands analysts its future tables.
        let defaults = try check.query(
            """
            select n.nspname from pg_default_acl as d join pg_namespace as n on n.oid = d.defaclnamespace
            where d.defaclacl::text like '%crmwh_analyst=%' order by 1
            """
        ).rows.compactMap { $0[0] }
        XCTAssertEqual(defaults, ["mart"])
        // A table a later migration adds to dw reaches analysts only when crmwh grants runs again.
        try owner.execute("create table dw.later_table (id integer)")
        XCTAssertEqual(
            try check.query("select has_table_privilege('crmwh_analyst', 'dw.later_table', 'select')").string(0, 0), "f")
        XCTAssertEqual(
            try check.query("select has_table_privilege('crmwh_loader', 'dw.later_table', 'insert')").string(0, 0), "t")
        XCTAssertEqual(try BuiltBinary.run(["grants", "--database", warehouse.owner]).status, 0)
        XCTAssertEqual(
            try check.query("select has_table_privilege('crmwh_analyst', 'dw.later_table', 'select')").string(0, 0), "t")
        XCTAssertEqual(
            try check.query("select count(*) from etl.run where command = 'grants' and status = 'succeeded'").int(0, 0), 4)
    }

    func testAnalystsReachingPersonalDataThroughAnotherRoleIsRefused() throws {
        let warehouse = try ProductionRoles.makeWarehouse(prefix: "grants_member")
        let admin = try Connection(warehouse.admin)
        try admin.execute("grant crmwh_loader to crmwh_analyst")
        defer { _ = try? admin.execute("revoke crmwh_loader from crmwh_analyst") }
        let grants = try BuiltBinary.run(["grants", "--database", warehouse.owner])
        XCTAssertEqual(grants.status, 2, grants.stderr)
        XCTAssertTrue(grants.stderr.contains("crmwh_analyst would still reach dw.dim_customer"), grants.stderr)
    }

    func testAMissingRoleIsNamedAndCreatedOnlyWhenAsked() throws {
        let warehouse = try ProductionRoles.makeWarehouse(prefix: "grants_missing")
        let admin = try Connection(warehouse.admin)
        // Roles belong to the cluster, and other tests' databases name this one: move it aside, then back.
        try admin.execute("alter role crmwh_analyst rename to crmwh_analyst_aside")
        defer {
            _ = try? admin.execute(
                """
                do $$ begin
                    if exists (select 1 from pg_roles where rolname = 'crmwh_analyst_aside') then
                        if exists (select 1 from pg_roles where rolname = 'crmwh_analyst') then
                            drop owned by crmwh_analyst;
                            drop role crmwh_analyst;
                        end if;
                        alter role crmwh_analyst_aside rename to crmwh_analyst;
                    end if;
                end $$;
                alter role crmwh_owner nocreaterole;
                """)
        }
        let missing = try BuiltBinary.run(["grants", "--database", warehouse.owner])
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("role crmwh_analyst does not exist"), missing.stderr)
        XCTAssertTrue(missing.stderr.contains("--create-roles"), missing.stderr)

        let cannot = try BuiltBinary.run(["grants", "--create-roles", "--database", warehouse.owner])
        XCTAssertEqual(cannot.status, 2, cannot.stderr)
        XCTAssertTrue(cannot.stderr.contains("lacks CREATEROLE"), cannot.stderr)
        XCTAssertEqual(try admin.query("select count(*) from pg_roles where rolname = 'crmwh_analyst'").int(0, 0), 0)

        try admin.execute("alter role crmwh_owner createrole")
        let created = try BuiltBinary.run(["grants", "--create-roles", "--database", warehouse.owner])
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertTrue(created.stderr.contains("created role crmwh_analyst without login"), created.stderr)
        XCTAssertEqual(try admin.query("select rolcanlogin from pg_roles where rolname = 'crmwh_analyst'").string(0, 0), "f")
        XCTAssertEqual(
            try admin.query("select has_table_privilege('crmwh_analyst', 'dw.dim_customer_analyst', 'select')").string(0, 0), "t")
    }

    func testGrantsRunsAsTheOwnerOfAMigratedWarehouse() throws {
        let fresh = try TestCluster.makeDatabase(prefix: "grants_unmigrated")
        let unmigrated = try BuiltBinary.run(["grants", "--database", fresh])
        XCTAssertEqual(unmigrated.status, 2, unmigrated.stderr)
        XCTAssertTrue(unmigrated.stderr.contains("run crmwh migrate"), unmigrated.stderr)

        let warehouse = try ProductionRoles.makeWarehouse(prefix: "grants_not_owner")
        let asLoader = try BuiltBinary.run(["grants", "--database", warehouse.loader])
        XCTAssertEqual(asLoader.status, 2, asLoader.stderr)
        XCTAssertTrue(asLoader.stderr.contains("runs as the owner of the warehouse schemas"), asLoader.stderr)
    }
}

/// The roles of docs/operations.md, made as the page says. Roles belong to
/// the cluster, not to a database, so the page's superuser block runs once
/// per test process; each test gets its own database.
enum ProductionRoles {
    struct Warehouse {
        let name: String
        /// The test cluster's superuser.
        let admin: String
        let owner: String
        let loader: String
    }

    struct CommandFailed: Error, CustomStringConvertible {
        let command: [String]
        let output: ProcessRunner.Output
        var description: String { "crmwh \(command.joined(separator: " ")) exited \(output.status): \(output.stderr)" }
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var rolesCreated = false

    /// The bodies of docs/operations.md's ```sql blocks.
    static func documentedSQL() throws -> [String] {
        let page = try String(
            contentsOf: TestCluster.repositoryRoot.appendingPathComponent("docs/operations.md"), encoding: .utf8)
        return page.components(separatedBy: "```sql\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
    }

    /// A database set up as the page says: owned by crmwh_owner (standing
    /// in for `create database crm owner crmwh_owner`), migrated and
    /// granted by it with the built crmwh.
    static func makeWarehouse(prefix: String) throws -> Warehouse {
        let admin = try TestCluster.makeDatabase(prefix: prefix)
        let name = admin.components(separatedBy: "dbname=")[1].components(separatedBy: " ")[0]
        let adminConnection = try Connection(admin)
        try createRoles(adminConnection)
        try adminConnection.execute("alter database \(quoteIdentifier(name)) owner to crmwh_owner")
        let warehouse = Warehouse(
            name: name, admin: admin,
            owner: admin.replacingOccurrences(of: "user=crmwh", with: "user=crmwh_owner"),
            loader: admin.replacingOccurrences(of: "user=crmwh", with: "user=crmwh_loader"))
        for command in [["migrate", "--database", warehouse.owner, "--quiet"], ["grants", "--database", warehouse.owner]] {
            let output = try BuiltBinary.run(command)
            guard output.status == 0 else { throw CommandFailed(command: command, output: output) }
        }
        return warehouse
    }

    /// A conninfo for a new analyst login, a member of crmwh_analyst.
    static func analystLogin(_ warehouse: Warehouse) throws -> String {
        let login = "analyst_\(UUID().uuidString.prefix(8).lowercased())"
        try Connection(warehouse.admin).execute("create role \(quoteIdentifier(login)) login in role crmwh_analyst")
        return warehouse.admin.replacingOccurrences(of: "user=crmwh", with: "user=\(login)")
    }

    /// The page's superuser block, but its `create database`.
    private static func createRoles(_ admin: Connection) throws {
        try lock.withLock {
            guard !rolesCreated else { return }
            let blocks = try documentedSQL()
            guard let roles = blocks.first(where: { $0.contains("create role crmwh_loader") }) else {
                throw WarehouseError(.configuration, "docs/operations.md has no block creating the roles")
            }
            for statement in roles.components(separatedBy: ";") {
                let sql = statement.components(separatedBy: "\n").filter { !$0.hasPrefix("--") }
                    .map { $0.components(separatedBy: "--")[0] }.joined(separator: " ").trimmingCharacters(in: .whitespaces)
                if sql.isEmpty || sql.hasPrefix("create database") { continue }
                try admin.execute(sql)
            }
            rolesCreated = true
        }
    }
}
