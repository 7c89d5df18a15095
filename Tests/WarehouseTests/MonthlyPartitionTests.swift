import Feeds
import Foundation
import PostgresClient
import XCTest

/// The facts' monthly partitions: a load creates the partitions of the
/// months it brings and leaves the default partition empty, whichever path
/// the lines take; a detached month takes exactly its rows with it; rows
/// the default partition had to catch (the table was in use) are moved out
/// by a later load.
final class MonthlyPartitionTests: XCTestCase {
    let salesHeader = "order_id,line_no,customer_id,sku,quantity,unit_price,currency,ordered_at,source_system,status\n"
    /// Not in time order: a history load makes the months from its first
    /// line's on ahead of the COPY, and March's lines reach the default
    /// partition first on the direct path.
    let twoMonths = """
        O4,1,W3,SKU1,1,10.00,USD,2024-04-15T12:00:00Z,web,
        O1,1,W1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,
        O1,2,W1,SKU2,2,5.00,USD,2024-03-01T12:00:00Z,web,
        O2,1,W2,SKU1,1,10.00,USD,2024-03-31T23:00:00Z,web,
        O3,1,W2,SKU1,3,10.00,USD,2024-04-01T00:30:00Z,web,

        """

    func testTwoMonthsOfOrderLinesDirect() throws {
        try twoMonthsMakeTwoPartitions(direct: true)
    }

    func testTwoMonthsOfOrderLinesStaged() throws {
        try twoMonthsMakeTwoPartitions(direct: false)
    }

    func testTwoMonthsOfInteractions() throws {
        let harness = try LoadHarness(prefix: "partition_interactions")
        try load(harness, """
            interaction_id,customer_id,occurred_at,type,campaign_code
            I1,W1,2025-01-31T08:00:00Z,sent,CMP1
            I2,W2,2025-02-01T08:00:00Z,opened,CMP1
            I3,W2,2025-02-02T08:00:00Z,clicked,CMP1

            """, kind: .interactions)
        XCTAssertEqual(
            try rowsByPartition(harness, "dw.fact_interaction"),
            ["dw.fact_interaction_y2025m01": 1, "dw.fact_interaction_y2025m02": 2])
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_interaction_default"), 0)
    }

    func testDetachingAMonthRemovesExactlyItsRows() throws {
        let harness = try LoadHarness(prefix: "partition_detach")
        try load(harness, salesHeader + twoMonths)
        let total = try harness.count("select count(*) from dw.fact_sales")
        let april = try harness.count("select count(*) from dw.fact_sales where date_key between 20240401 and 20240430")
        let marchRevenue = try harness.connection.query(
            "select sum(amount_base)::text from dw.fact_sales where date_key < 20240401").string(0, 0)
        XCTAssertGreaterThan(april, 0)
        try harness.connection.execute("alter table dw.fact_sales detach partition dw.fact_sales_y2024m04")
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), total - april)
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales where date_key >= 20240401"), 0)
        XCTAssertEqual(
            try harness.connection.query("select sum(amount_base)::text from dw.fact_sales").string(0, 0), marchRevenue)
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales_y2024m04"), april, "the rows went with it")
    }

    /// While a report reads the facts, a load neither waits for it nor
    /// blocks it: its lines of a new month wait in the default partition,
    /// visible to queries all the same, and the next load moves them out.
    func testRowsCaughtByTheDefaultPartitionAreMovedByTheNextLoad() throws {
        let harness = try LoadHarness(prefix: "partition_settle")
        try load(harness, salesHeader + "O1,1,W1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,\n")
        let reader = try Connection(harness.conninfo)
        try reader.execute("begin; select count(*) from dw.fact_sales")
        // A month before the first load's (whose months were made from March on).
        try load(harness, salesHeader + "O2,1,W1,SKU1,1,10.00,USD,2024-01-02T12:00:00Z,web,\n")
        try reader.execute("commit")
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales_default"), 1)
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales where date_key = 20240102"), 1)
        XCTAssertEqual(try harness.count("select count(*) from pg_class where relname = 'fact_sales_y2024m01'"), 0)

        try load(harness, salesHeader + "O3,1,W1,SKU1,1,10.00,USD,2024-03-03T12:00:00Z,web,\n")
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales_default"), 0)
        XCTAssertEqual(
            try rowsByPartition(harness, "dw.fact_sales"), ["dw.fact_sales_y2024m01": 1, "dw.fact_sales_y2024m03": 2])
    }

    func testEnsureMonthPartitionsCreatesOnlyWhatIsMissing() throws {
        let harness = try LoadHarness(prefix: "partition_ensure")
        XCTAssertEqual(
            try harness.count("select dw.ensure_month_partitions('dw.fact_interaction', 20231215, 20240210)"), 3)
        XCTAssertEqual(
            try harness.count("select dw.ensure_month_partitions('dw.fact_interaction', 20240101, 20240229)"), 0)
        let bounds = try harness.connection.query(
            """
            select pg_get_expr(c.relpartbound, c.oid) from pg_class as c
            where c.relname = 'fact_interaction_y2024m02'
            """).string(0, 0)
        XCTAssertEqual(bounds, "FOR VALUES FROM (20240201) TO (20240301)")
        XCTAssertThrowsError(try harness.connection.query("select dw.ensure_month_partitions('dw.dim_date', 20240101, 20240101)"))
    }

    // MARK: - Helpers

    private func twoMonthsMakeTwoPartitions(direct: Bool) throws {
        let harness = try LoadHarness(prefix: direct ? "partition_direct" : "partition_staged")
        harness.settings.directCopy = direct
        try load(harness, salesHeader + twoMonths)
        XCTAssertEqual(try harness.count("select count(*) from staging.sales"), direct ? 0 : 5, "the path taken")
        XCTAssertEqual(
            try rowsByPartition(harness, "dw.fact_sales"), ["dw.fact_sales_y2024m03": 3, "dw.fact_sales_y2024m04": 2])
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales_default"), 0)
        XCTAssertEqual(
            try harness.count(
                "select count(*) from dw.fact_sales_y2024m03 where date_key not between 20240301 and 20240331"), 0)
        // A line re-sent in another month moves to that month's partition.
        try load(harness, salesHeader + "O2,1,W2,SKU1,1,10.00,USD,2024-06-01T12:00:00Z,web,\n")
        XCTAssertEqual(
            try rowsByPartition(harness, "dw.fact_sales"),
            ["dw.fact_sales_y2024m03": 2, "dw.fact_sales_y2024m04": 2, "dw.fact_sales_y2024m06": 1])
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales_default"), 0)
    }

    private func load(_ harness: LoadHarness, _ text: String, kind: FeedKind = .transactions) throws {
        let result = try harness.load(try LoadHarness.write(text, name: "feed.csv"), kind)
        XCTAssertEqual(result.status, .loaded, result.message ?? "")
        XCTAssertEqual(result.recordsRejected, 0)
    }

    /// Rows per partition that holds any.
    private func rowsByPartition(_ harness: LoadHarness, _ table: String) throws -> [String: Int] {
        var rows: [String: Int] = [:]
        for row in try harness.connection.query("select tableoid::regclass::text, count(*) from \(table) group by 1").rows {
            rows[row[0]!] = Int(row[1]!)
        }
        return rows
    }
}
