import Feeds
import PostgresClient
import XCTest

@testable import Warehouse

/// A sales file larger than the facts already loaded drops the fact
/// table's indexes and builds them after the COPY: the same indexes must
/// come back, and a duplicate order line must still be found.
final class BulkIndexRebuildTests: XCTestCase {
    let salesHeader = "order_id,line_no,customer_id,sku,quantity,unit_price,currency,ordered_at,source_system,status\n"

    func indexDefinitions(_ harness: LoadHarness) throws -> [String] {
        try harness.connection.query(
            """
            select indexname || ': ' || indexdef from pg_indexes where schemaname = 'dw' and tablename = 'fact_sales'
            union all
            select conname || ': ' || pg_get_constraintdef(oid) from pg_constraint where conrelid = 'dw.fact_sales'::regclass
            order by 1
            """
        ).rows.map { $0[0]! }
    }

    func testFirstLoadBuildsTheSameIndexesAgain() throws {
        let harness = try LoadHarness(prefix: "bulk_same")
        let before = try indexDefinitions(harness)
        XCTAssertTrue(before.contains { $0.hasPrefix("fact_sales_pkey: PRIMARY KEY") }, "\(before)")
        let result = try harness.load(try LoadHarness.write(salesHeader + """
            O1,1,W1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,
            O1,2,W1,SKU2,2,5.00,USD,2024-03-01T12:00:00Z,web,
            O2,1,W2,SKU1,1,10.00,USD,2024-04-01T12:00:00Z,web,
            """, name: "orders.csv"), .transactions)
        XCTAssertEqual(result.status, .loaded, result.message ?? "")
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), 3)
        XCTAssertEqual(try indexDefinitions(harness), before)
        // Built on every partition too: the file's two months', the default
        // one and those made ahead of the load (this month and the next).
        let leaves = try harness.connection.query(
            "select relid::text from pg_partition_tree('dw.fact_sales') where isleaf order by 1").rows.map { $0[0]! }
        XCTAssertTrue(
            Set(["dw.fact_sales_y2024m03", "dw.fact_sales_y2024m04", "dw.fact_sales_default"]).isSubset(of: leaves), "\(leaves)")
        XCTAssertEqual(
            try harness.count(
                """
                select count(*) from pg_partition_tree('dw.fact_sales') as t
                join pg_index as i on i.indrelid = t.relid
                where t.isleaf
                """), 3 * leaves.count)
        // The rebuilt primary key is enforced.
        XCTAssertThrowsError(try harness.connection.execute(
            "insert into dw.fact_sales select * from dw.fact_sales where order_id = 'O2'")) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "23505")
        }
    }

    func testRepeatedOrderLineInABulkLoadIsMergedLastWins() throws {
        let harness = try LoadHarness(prefix: "bulk_repeat")
        let before = try indexDefinitions(harness)
        let result = try harness.load(try LoadHarness.write(salesHeader + """
            O1,1,W1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,
            O2,1,W1,SKU1,1,10.00,USD,2024-03-02T12:00:00Z,web,
            O1,1,W1,SKU1,3,10.00,USD,2024-03-01T12:00:00Z,web,
            """, name: "orders.csv"), .transactions)
        XCTAssertEqual(result.status, .loaded, result.message ?? "")
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), 2)
        XCTAssertEqual(try harness.count("select quantity::int from dw.fact_sales where order_id = 'O1'"), 3)
        XCTAssertEqual(try indexDefinitions(harness), before)
    }

    func testOnlyAFileLargerThanTheTableRebuilds() throws {
        let harness = try LoadHarness(prefix: "bulk_choice")
        try harness.load(try LoadHarness.write(salesHeader + """
            O1,1,W1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,
            """, name: "orders.csv"), .transactions)
        let heap = try harness.count(
            "select sum(pg_relation_size(relid))::bigint from pg_partition_tree('dw.fact_sales') where isleaf")
        XCTAssertGreaterThan(heap, 0)
        try harness.connection.transaction {
            XCTAssertNil(try BulkIndexRebuild.prepare(harness.connection, table: "dw.fact_sales", incomingBytes: Int64(heap)))
            let bulk = try BulkIndexRebuild.prepare(harness.connection, table: "dw.fact_sales", incomingBytes: Int64(heap) + 1)
            XCTAssertEqual(bulk?.constraints.map(\.name), ["fact_sales_pkey"])
            XCTAssertEqual(try harness.count("select count(*) from pg_indexes where tablename = 'fact_sales'"), 0)
            XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), 1, "a table with rows is not truncated")
            try bulk?.rebuild(harness.connection)
        }
        XCTAssertEqual(try harness.count("select count(*) from pg_indexes where tablename = 'fact_sales'"), 3)
    }

    /// A loader role that may write rows but does not own the table keeps
    /// the indexes and loads row by row.
    func testARoleThatDoesNotOwnTheTableKeepsTheIndexes() throws {
        let harness = try LoadHarness(prefix: "bulk_role")
        try harness.connection.execute(
            """
            do $$ begin create role crmwh_test_loader nologin; exception when duplicate_object then null; end $$;
            grant usage on schema dw to crmwh_test_loader;
            grant select, insert on dw.fact_sales to crmwh_test_loader;
            """)
        try harness.connection.transaction {
            try harness.connection.execute("set local role crmwh_test_loader")
            XCTAssertNil(try BulkIndexRebuild.prepare(harness.connection, table: "dw.fact_sales", incomingBytes: 1 << 30))
        }
        XCTAssertEqual(try harness.count("select count(*) from pg_indexes where tablename = 'fact_sales'"), 3)
    }

    /// A query running on the facts keeps them: the load does not wait for
    /// it and keeps the indexes.
    func testAReaderOnTheTableKeepsTheIndexes() throws {
        let harness = try LoadHarness(prefix: "bulk_reader")
        let reader = try Connection(harness.conninfo)
        try reader.execute("begin; select count(*) from dw.fact_sales")
        let result = try harness.load(try LoadHarness.write(salesHeader + """
            O1,1,W1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,
            """, name: "orders.csv"), .transactions)
        XCTAssertEqual(result.status, .loaded, result.message ?? "")
        try reader.execute("commit")
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), 1)
        XCTAssertEqual(try harness.count("select count(*) from pg_indexes where tablename = 'fact_sales'"), 3)
    }
}
