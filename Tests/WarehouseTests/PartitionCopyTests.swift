import Feeds
import PostgresClient
import XCTest

@testable import Warehouse

/// Rows copied straight into their range partitions: each row ends up in
/// the partition its key belongs to whatever order the rows come in; rows
/// behind the COPY, or of no partition, go through the parent; a file out of
/// order goes through the parent altogether. And through the loader: a
/// history file with a stray month, a line before its first month and a bad
/// line loads exactly as the staged path would, and a re-sent line replaces.
final class PartitionCopyTests: XCTestCase {
    let salesHeader = "order_id,line_no,customer_id,sku,quantity,unit_price,currency,ordered_at,source_system,status\n"

    private func makeTable(_ connection: Connection) throws {
        try connection.execute(
            """
            create table public.ranged (k integer not null, v text) partition by range (k);
            create table public.ranged_1 partition of public.ranged for values from (100) to (200);
            create table public.ranged_2 partition of public.ranged for values from (200) to (300);
            create table public.ranged_3 partition of public.ranged for values from (300) to (400);
            create table public.ranged_other partition of public.ranged default;
            """)
    }

    private func copy(_ keys: [Int32], _ connection: Connection) throws -> PartitionCopy {
        let partitions = try PartitionCopy.partitions(of: "public.ranged", connection)
        XCTAssertEqual(partitions.map(\.name), ["public.ranged_1", "public.ranged_2", "public.ranged_3"])
        XCTAssertEqual(partitions.map(\.from), [100, 200, 300])
        let copy = PartitionCopy(connection: connection, parent: "public.ranged", columns: ["k", "v"], partitions: partitions, freeze: false)
        for (index, key) in keys.enumerated() {
            try copy.append(key: key) { buffer in
                BinaryCopy.beginRow(fields: 2, in: &buffer)
                BinaryCopy.appendInt4(key, to: &buffer)
                BinaryCopy.appendText("row \(index)", to: &buffer)
            }
        }
        try copy.finish()
        return copy
    }

    /// Rows per partition, and rows whose key is outside their partition's range.
    private func placement(_ connection: Connection) throws -> (byPartition: [String: Int], misplaced: Int) {
        var rows: [String: Int] = [:]
        for row in try connection.query("select tableoid::regclass::text, count(*) from public.ranged group by 1").rows {
            rows[row[0]!] = Int(row[1]!)
        }
        let misplaced = try connection.query(
            """
            select count(*) from public.ranged
            where tableoid::regclass::text <> case when k >= 100 and k < 200 then 'ranged_1' when k >= 200 and k < 300 then 'ranged_2'
                when k >= 300 and k < 400 then 'ranged_3' else 'ranged_other' end
            """).int(0, 0) ?? -1
        return (rows, misplaced)
    }

    func testRowsReachTheirPartitionsInAnyOrder() throws {
        let harness = try LoadHarness(prefix: "partition_copy_order")
        try makeTable(harness.connection)
        let copy = try copy([150, 160, 250, 120, 350, 50, 260, 399, 400], harness.connection)
        XCTAssertEqual(copy.rowsDirect, 5, "150, 160, 250, 350, 399")
        XCTAssertEqual(copy.rowsThroughParent, 4, "120 and 260 behind the COPY, 50 and 400 of no range")
        let placed = try placement(harness.connection)
        XCTAssertEqual(placed.byPartition, ["ranged_1": 3, "ranged_2": 2, "ranged_3": 2, "ranged_other": 2])
        XCTAssertEqual(placed.misplaced, 0)
        XCTAssertEqual(try harness.count("select count(distinct v) from public.ranged"), 9)
    }

    func testAFileOutOfOrderGoesThroughTheParent() throws {
        let harness = try LoadHarness(prefix: "partition_copy_shuffled")
        try makeTable(harness.connection)
        let keys = (0..<30_000).map { Int32([150, 250, 350][$0 % 3] + $0 % 7) }
        let copy = try copy(keys, harness.connection)
        XCTAssertGreaterThan(copy.rowsThroughParent, 20_000)
        XCTAssertEqual(copy.rowsDirect + copy.rowsThroughParent, keys.count)
        let placed = try placement(harness.connection)
        XCTAssertEqual(placed.byPartition, ["ranged_1": 10_000, "ranged_2": 10_000, "ranged_3": 10_000])
        XCTAssertEqual(placed.misplaced, 0)
    }

    func testAFailedCopyLeavesNothing() throws {
        let harness = try LoadHarness(prefix: "partition_copy_abort")
        try makeTable(harness.connection)
        try harness.connection.execute("alter table public.ranged add constraint small check (k < 380)")
        try harness.connection.execute("begin")
        XCTAssertThrowsError(try copy([150, 250, 390], harness.connection))
        try harness.connection.execute("rollback")
        XCTAssertEqual(try harness.count("select count(*) from public.ranged"), 0)
        // The connection is usable after the failed COPY.
        XCTAssertEqual(try harness.count("select 1"), 1)
    }

    /// Rows of a second table ride along, copied a megabyte at a time in
    /// between the partitions' rows: all of both arrive.
    func testSideRowsArriveWithTheRows() throws {
        let harness = try LoadHarness(prefix: "partition_copy_side")
        try makeTable(harness.connection)
        try harness.connection.execute("create table public.side_rows (k integer not null, v text not null)")
        let partitions = try PartitionCopy.partitions(of: "public.ranged", harness.connection)
        let copy = PartitionCopy(
            connection: harness.connection, parent: "public.ranged", columns: ["k", "v"], partitions: partitions,
            freeze: false, side: "copy public.side_rows (k, v) from stdin with (format binary)")
        let keys = (0..<60_000).map { Int32(100 + $0 * 300 / 60_000) } + [120, 50]
        let padding = String(repeating: "x", count: 40)
        for (index, key) in keys.enumerated() {
            try copy.append(key: key) { buffer in
                BinaryCopy.beginRow(fields: 2, in: &buffer)
                BinaryCopy.appendInt4(key, to: &buffer)
                BinaryCopy.appendText("row \(index)", to: &buffer)
            }
            try copy.appendSide { buffer in
                BinaryCopy.beginRow(fields: 2, in: &buffer)
                BinaryCopy.appendInt4(key, to: &buffer)
                BinaryCopy.appendText("side \(index) \(padding)", to: &buffer)
            }
        }
        try copy.finish()
        XCTAssertEqual(copy.rowsThroughParent, 2)
        let placed = try placement(harness.connection)
        XCTAssertEqual(placed.byPartition, ["ranged_1": 20_001, "ranged_2": 20_000, "ranged_3": 20_000, "ranged_other": 1])
        XCTAssertEqual(placed.misplaced, 0)
        XCTAssertEqual(try harness.count("select count(distinct v) from public.side_rows"), keys.count)
        XCTAssertEqual(
            try harness.count("select count(*) from public.side_rows as s join public.ranged as r on r.v = 'row ' || split_part(s.v, ' ', 2)::integer and r.k = s.k"),
            keys.count)
    }

    /// The server refuses a row of a COPY that has already been switched
    /// away from: the failure reaches the caller, and the connection works.
    func testAFailureWhileSwitchingIsThrown() throws {
        let harness = try LoadHarness(prefix: "partition_copy_switch_fail")
        try makeTable(harness.connection)
        try harness.connection.execute("alter table public.ranged add constraint small check (k < 380)")
        try harness.connection.execute("begin")
        XCTAssertThrowsError(try copy([390, 391] + Array(repeating: 150, count: 20_000), harness.connection)) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "23514", "\(error)")
        }
        try harness.connection.execute("rollback")
        XCTAssertEqual(try harness.count("select count(*) from public.ranged"), 0)
        XCTAssertEqual(try harness.count("select 1"), 1)
    }

    /// A history file in time order but for one line a month behind and one
    /// before its first month, with a bad line: every line lands in its
    /// month, the default partition ends empty, the registry names each
    /// line, the bad one is rejected; then a line re-sent with another
    /// quantity replaces the first.
    func testHistoryLoadWithStraysIntoMonthPartitions() throws {
        let harness = try LoadHarness(prefix: "partition_copy_load")
        let lines = """
            O1,1,W1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,
            O1,2,W1,SKU2,2,5.00,USD,2024-03-01T12:00:00Z,web,
            O2,1,W2,SKU1,1,10.00,USD,2024-04-02T12:00:00Z,web,
            O3,1,W2,SKU1,1,10.00,USD,2024-03-30T12:00:00Z,web,
            O4,1,W3,SKU1,1,abc,USD,2024-04-03T12:00:00Z,web,
            O5,1,W3,SKU2,4,2.50,USD,2024-01-15T12:00:00Z,web,
            O6,1,W1,SKU1,1,10.00,USD,2024-05-01T12:00:00Z,web,
            """
        let result = try harness.load(try LoadHarness.write(salesHeader + lines + "\n", name: "history.csv"), .transactions)
        XCTAssertEqual(result.status, .loaded, result.message ?? "")
        XCTAssertEqual(result.recordsRead, 7)
        XCTAssertEqual(result.recordsRejected, 1)
        XCTAssertEqual(try harness.count("select count(*) from staging.sales"), 0, "the direct path")
        var byPartition: [String: Int] = [:]
        for row in try harness.connection.query("select tableoid::regclass::text, count(*) from dw.fact_sales group by 1").rows {
            byPartition[row[0]!] = Int(row[1]!)
        }
        XCTAssertEqual(
            byPartition,
            ["dw.fact_sales_y2024m01": 1, "dw.fact_sales_y2024m03": 3, "dw.fact_sales_y2024m04": 1, "dw.fact_sales_y2024m05": 1])
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales_default"), 0)
        XCTAssertEqual(
            try harness.count(
                """
                select count(*) from dw.order_line_key as k
                join dw.fact_sales as f using (order_id, line_no, customer_id, date_key)
                """), 6)
        XCTAssertEqual(try harness.count("select count(*) from dw.order_line_key"), 6)
        XCTAssertEqual(
            try harness.connection.query("select sum(amount_base)::text from dw.fact_sales").string(0, 0), "60.0000")

        let resent = try harness.load(
            try LoadHarness.write(salesHeader + "O3,1,W2,SKU1,3,10.00,USD,2024-03-30T12:00:00Z,web,\n", name: "resent.csv"),
            .transactions)
        XCTAssertEqual(resent.status, .loaded, resent.message ?? "")
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), 6)
        XCTAssertEqual(try harness.count("select quantity::int from dw.fact_sales where order_id = 'O3'"), 3)
        XCTAssertEqual(try harness.count("select count(*) from dw.order_line_key"), 6)
    }
}
