import Marts
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// Every relation and column in the schemas analysts and loaders read
/// (`mart`, `staging`) carries a `comment on`, as docs/schema.md promises:
/// tables from the migrations, views and materialized views from
/// sql/marts, which stay documented when installed again.
final class ColumnCommentTests: XCTestCase {
    static let relationKinds = "('r', 'v', 'm', 'p')"

    /// schema.table.column of every column in mart and staging without a comment.
    static let uncommentedColumns = """
        select n.nspname || '.' || c.relname || '.' || a.attname
        from pg_attribute as a
        join pg_class as c on c.oid = a.attrelid
        join pg_namespace as n on n.oid = c.relnamespace
        where n.nspname in ('mart', 'staging') and c.relkind in \(ColumnCommentTests.relationKinds)
            and a.attnum > 0 and not a.attisdropped
            and coalesce(btrim(col_description(c.oid, a.attnum)), '') = ''
        order by 1
        """

    /// schema.name of every table, view and materialized view in mart and staging without a comment.
    static let uncommentedRelations = """
        select n.nspname || '.' || c.relname
        from pg_class as c
        join pg_namespace as n on n.oid = c.relnamespace
        where n.nspname in ('mart', 'staging') and c.relkind in \(ColumnCommentTests.relationKinds)
            and coalesce(btrim(obj_description(c.oid, 'pg_class')), '') = ''
        order by 1
        """

    func testEveryMartAndStagingColumnHasAComment() throws {
        let connection = try martsInstalled(prefix: "column_comments")
        try assertDocumented(connection, after: "installing the marts")
    }

    func testCommentsSurviveInstallingTheMartsAgain() throws {
        // crmwh refresh installs the marts on every run: views and
        // materialized views that are dropped and created again must come
        // back with their comments.
        let connection = try martsInstalled(prefix: "column_comments_again")
        try MartRefresher(connection: connection, sql: try TestCluster.repositorySQL()).installMarts()
        try assertDocumented(connection, after: "installing the marts twice")
    }

    func testTheCheckSeesTheMartAndStagingRelations() throws {
        // Guards against a query that passes because it looks at nothing.
        let connection = try martsInstalled(prefix: "column_comments_scope")
        let relations = try connection.query(
            """
            select n.nspname || '.' || c.relname
            from pg_class as c
            join pg_namespace as n on n.oid = c.relnamespace
            where n.nspname in ('mart', 'staging') and c.relkind in \(Self.relationKinds)
            order by 1
            """
        ).rows.map { $0[0] ?? "" }
        for expected in [
            "mart.customer_rfm", "mart.customer_summary", "mart.kpi_monthly_table", "mart.channel_mix_current",
            "staging.sales", "staging.customer_change",
        ] {
            XCTAssertTrue(relations.contains(expected), "\(expected) not found among \(relations)")
        }
    }

    private func martsInstalled(prefix: String) throws -> Connection {
        let connection = try Connection(try TestCluster.makeMigratedDatabase(prefix: prefix))
        try MartRefresher(connection: connection, sql: try TestCluster.repositorySQL()).installMarts()
        return connection
    }

    private func assertDocumented(_ connection: Connection, after step: String,
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        let columns = try connection.query(Self.uncommentedColumns).rows.map { $0[0] ?? "" }
        XCTAssertEqual(
            columns, [],
            "after \(step), \(columns.count) columns in mart and staging have no comment "
                + "(add `comment on column` in sql/marts or a new migration): \(columns.joined(separator: ", "))",
            file: file, line: line)
        let relations = try connection.query(Self.uncommentedRelations).rows.map { $0[0] ?? "" }
        XCTAssertEqual(
            relations, [],
            "after \(step), \(relations.count) relations in mart and staging have no comment: "
                + relations.joined(separator: ", "),
            file: file, line: line)
    }
}
