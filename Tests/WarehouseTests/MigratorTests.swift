import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

final class MigratorTests: XCTestCase {
    func testSecondRunAppliesNothing() throws {
        let connection = try Connection(try TestCluster.makeDatabase(prefix: "migrate"))
        let migrator = Migrator(connection: connection, sql: try TestCluster.repositorySQL())
        let first = try migrator.migrate()
        XCTAssertEqual(first, try migrator.migrations().map(\.name))
        XCTAssertGreaterThanOrEqual(first.count, 4)
        XCTAssertEqual(try migrator.migrate(), [])
        XCTAssertEqual(try connection.query("select count(*) from etl.schema_migration").int(0, 0), first.count)
    }

    func testSchemasAndDateDimension() throws {
        let connection = try Connection(try TestCluster.makeMigratedDatabase())
        let schemas = try connection.query(
            "select nspname from pg_namespace where nspname in ('staging', 'dw', 'mart', 'etl') order by 1"
        ).rows.map { $0[0]! }
        XCTAssertEqual(schemas, ["dw", "etl", "mart", "staging"])
        let days = try connection.query("select count(*) from dw.dim_date where date_key > 0").int(0, 0)
        XCTAssertEqual(days, 18_628)  // 1990-01-01 … 2040-12-31
        let leap = try connection.query(
            "select year, quarter, month_name, iso_week, day_of_week, is_weekend from dw.dim_date where date_key = 20240229"
        ).rows.first
        XCTAssertEqual(leap, ["2024", "1", "February", "9", "4", "f"])
        XCTAssertEqual(try connection.query("select month_name from dw.dim_date where date_key = -1").scalar, "Unknown")
    }

    func testEveryTableAndColumnIsDocumented() throws {
        let connection = try Connection(try TestCluster.makeMigratedDatabase())
        let undocumented = try connection.query(
            """
            select c.table_schema || '.' || c.table_name || '.' || c.column_name
            from information_schema.columns c
            join pg_class k on k.relname = c.table_name
            join pg_namespace n on n.oid = k.relnamespace and n.nspname = c.table_schema
            where c.table_schema in ('dw', 'etl') and k.relkind = 'r'
              and col_description(k.oid, c.ordinal_position::int) is null
            union all
            select n.nspname || '.' || k.relname
            from pg_class k join pg_namespace n on n.oid = k.relnamespace
            where n.nspname in ('dw', 'etl') and k.relkind = 'r' and obj_description(k.oid, 'pg_class') is null
            """
        ).rows.map { $0[0]! }
        XCTAssertEqual(undocumented, [])
    }

    func testEditedAppliedMigrationIsRefusedByName() throws {
        let connection = try Connection(try TestCluster.makeDatabase(prefix: "edited"))
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("sql-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: try TestCluster.repositorySQL().root, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let migrator = Migrator(connection: connection, sql: SQLDirectory(root: copy))
        try migrator.migrate()

        let edited = copy.appendingPathComponent("migrations/0002_dim_date.sql")
        try (try String(contentsOf: edited, encoding: .utf8) + "\n-- changed\n").write(to: edited, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try migrator.migrate()) { error in
            let error = error as! WarehouseError
            XCTAssertEqual(error.code, .migration)
            XCTAssertTrue(error.message.contains("0002_dim_date.sql"), error.message)
        }
    }

    func testFailedMigrationLeavesNoTrace() throws {
        let connection = try Connection(try TestCluster.makeDatabase(prefix: "failing"))
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("sql-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: try TestCluster.repositorySQL().root, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        try "create table dw.half_done (n int);\nselect no_such_function();\n"
            .write(to: copy.appendingPathComponent("migrations/9999_broken.sql"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Migrator(connection: connection, sql: SQLDirectory(root: copy)).migrate()) { error in
            XCTAssertTrue("\(error)".contains("9999_broken.sql"))
        }
        XCTAssertEqual(try connection.query("select to_regclass('dw.half_done') is null").bool(0, 0), true)
        XCTAssertEqual(try connection.query("select count(*) from etl.schema_migration where name = '9999_broken'").int(0, 0), 0)
    }
}
