import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// Migration 0021 on a warehouse that has facts: every row lands in the
/// partition of its month, the keys, comments and grants stay, and a view
/// built on the facts comes back with its comment and grant.
final class PartitionMigrationTests: XCTestCase {
    func testExistingFactsAndWhatDependsOnThemAreCarriedOver() throws {
        let connection = try Connection(try TestCluster.makeDatabase(prefix: "partition_migration"))
        let sql = try TestCluster.repositorySQL()
        let older = FileManager.default.temporaryDirectory.appendingPathComponent("sql-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: sql.root, to: older)
        defer { try? FileManager.default.removeItem(at: older) }
        let migrations = older.appendingPathComponent("migrations")
        for name in try FileManager.default.contentsOfDirectory(atPath: migrations.path) where name >= "0021" {
            try FileManager.default.removeItem(at: migrations.appendingPathComponent(name))
        }
        try Migrator(connection: connection, sql: SQLDirectory(root: older)).migrate()

        try connection.execute(
            """
            insert into dw.fact_sales (order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key,
                channel_key, campaign_key, quantity, unit_price, amount, currency, amount_base, etl_run_id, etl_file_id)
            values ('O1', 1, 20240305, '2024-03-05', -1, 'web:W1', -1, -1, -1, 1, 10, 10, 'USD', 10, 1, 1),
                ('O1', 2, 20240305, '2024-03-05', -1, 'web:W1', -1, -1, -1, 2, 5, 10, 'USD', 10, 1, 1),
                ('O2', 1, 20240410, '2024-04-10', -1, 'web:W2', -1, -1, -1, 1, 7.5, 7.5, 'USD', 7.5, 1, 1);
            insert into dw.order_line_key select order_id, line_no, customer_id, date_key from dw.fact_sales;
            insert into dw.fact_interaction (interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key,
                campaign_key, interaction_type, etl_run_id, etl_file_id)
            values ('I1', '2023-12-31', 20231231, -1, 'web:W1', -1, -1, 'sent', 1, 1);
            do $$ begin create role crmwh_test_partition_reader nologin; exception when duplicate_object then null; end $$;
            grant select on dw.fact_sales to crmwh_test_partition_reader;
            create view public.monthly_revenue as
                select date_key / 100 as month, sum(amount_base) as revenue from dw.fact_sales group by 1;
            comment on view public.monthly_revenue is 'Revenue per month.';
            comment on column public.monthly_revenue.revenue is 'Net revenue.';
            grant select on public.monthly_revenue to crmwh_test_partition_reader;
            """)
        let revenue = "select string_agg(month || '=' || revenue, ',' order by month) from public.monthly_revenue"
        let revenueBefore = try connection.query(revenue).string(0, 0)

        let applied = try Migrator(connection: connection, sql: sql).migrate()
        XCTAssertTrue(applied.contains("0021_monthly_fact_partitions"), "\(applied)")

        XCTAssertEqual(try connection.query("select relkind::text from pg_class where oid = 'dw.fact_sales'::regclass").string(0, 0), "p")
        let placed = try connection.query(
            "select tableoid::regclass::text || ':' || count(*) from dw.fact_sales group by tableoid order by 1"
        ).rows.map { $0[0]! }
        XCTAssertEqual(placed, ["dw.fact_sales_y2024m03:2", "dw.fact_sales_y2024m04:1"])
        XCTAssertEqual(
            try connection.query("select tableoid::regclass::text from dw.fact_interaction").string(0, 0),
            "dw.fact_interaction_y2023m12")
        XCTAssertEqual(try connection.query("select count(*) from dw.fact_sales_default").int(0, 0), 0)
        XCTAssertEqual(
            try connection.query(
                "select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'dw.fact_sales'::regclass and contype = 'p'"
            ).string(0, 0), "PRIMARY KEY (order_id, line_no, customer_id, date_key)")
        XCTAssertEqual(
            try connection.query("select count(*) from pg_indexes where schemaname = 'dw' and tablename = 'fact_sales'").int(0, 0),
            3)
        XCTAssertNotNil(try connection.query("select col_description('dw.fact_sales'::regclass, 1)").string(0, 0))
        XCTAssertEqual(
            try connection.query("select has_table_privilege('crmwh_test_partition_reader', 'dw.fact_sales', 'select')").bool(0, 0),
            true)

        XCTAssertEqual(try connection.query(revenue).string(0, 0), revenueBefore)
        XCTAssertEqual(
            try connection.query("select obj_description('public.monthly_revenue'::regclass, 'pg_class')").string(0, 0),
            "Revenue per month.")
        XCTAssertEqual(
            try connection.query("select col_description('public.monthly_revenue'::regclass, 2)").string(0, 0), "Net revenue.")
        XCTAssertEqual(
            try connection.query(
                "select has_table_privilege('crmwh_test_partition_reader', 'public.monthly_revenue', 'select')").bool(0, 0), true)
        XCTAssertEqual(
            try connection.query("select to_regclass('dw.fact_sales_unpartitioned') is null").bool(0, 0), true)
    }
}
