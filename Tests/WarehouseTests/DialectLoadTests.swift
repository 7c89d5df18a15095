import Feeds
import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// A feed in a foreign dialect loads as its definition says: `¦` between
/// fields and `¶` ending records, a NUL byte meaning NULL, and ragged rows
/// read leniently — each kept with a `record.ragged` warning, none rejected.
final class DialectLoadTests: XCTestCase {
    func testMultiByteDialectWithNulMarkerAndLenientRaggedRows() throws {
        let harness = try LoadHarness(prefix: "dialect")
        let definition = try FeedDefinition(yaml: """
            kind: transactions
            delimiter: "¦"
            record_terminator: "¶"
            null: '\\0'
            ragged: lenient
            """, name: "dialect_orders")
        var bytes = Array("order_id¦customer_id¦unit_price¦currency¦ordered_at¦channel¶\n".utf8)
        bytes += Array("D1¦C1¦10.00¦USD¦2025-01-02T10:00:00Z¦".utf8) + [0] + Array("¶\n".utf8)    // channel NULL by marker
        bytes += Array("D2¦C2¦12.50¦USD¦2025-01-03T10:00:00Z¶\n".utf8)                             // 5 fields: channel NULL
        bytes += Array("D3¦C3¦7.25¦USD¦2025-01-04T10:00:00Z¦web¦extra¶\n".utf8)                    // 7 fields: extra dropped
        let path = try LoadHarness.write("", name: "orders.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try harness.load(path, .transactions, definition: definition)
        XCTAssertEqual(result.status, .loaded, result.message ?? "")
        XCTAssertEqual(result.recordsRead, 3)
        XCTAssertEqual(result.recordsLoaded, 3)
        XCTAssertEqual(result.recordsRejected, 0)
        XCTAssertEqual(result.warnings, 2)
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), 3)
        let warnings = try harness.connection.query(
            "select record_no::text, rule, severity from etl.reject where file_id = $1 order by record_no", [result.fileID]
        ).rows.map { $0.map { $0 ?? "" } }
        XCTAssertEqual(warnings, [["2", "record.ragged", "warning"], ["3", "record.ragged", "warning"]])
        let amounts = try harness.connection.query(
            "select order_id, trim_scale(unit_price)::text from dw.fact_sales order by order_id").rows.map { $0.map { $0 ?? "" } }
        XCTAssertEqual(amounts, [["D1", "10"], ["D2", "12.5"], ["D3", "7.25"]])
    }
}
