import Feeds
import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// What PostgreSQL would refuse for one value rejects that record, never the
/// file; what is kept of a reject is bounded and never fails to be written.
final class RecordIsolationTests: XCTestCase {
    let header = "order_id,customer_id,unit_price,currency,ordered_at\n"

    func write(_ bytes: [UInt8], name: String) throws -> String {
        let path = try LoadHarness.write("", name: name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func rejects(_ harness: LoadHarness, fileID: Int64?) throws -> [String: String] {
        var rules: [String: String] = [:]
        for row in try harness.connection.query(
            "select record_no::text, rule, field, raw_record from etl.reject where file_id = $1 order by record_no", [fileID]
        ).rows {
            rules[row[0]!] = row[1]!
            XCTAssertFalse(row[3]!.contains("\u{0}"))
        }
        return rules
    }

    func testValuesPostgreSQLWouldRefuseRejectTheirRecordOnly() throws {
        let harness = try LoadHarness(prefix: "isolation")
        var bytes = Array(header.utf8)
        bytes += Array("G1,C1,10.00,USD,2025-01-02T10:00:00Z\n".utf8)
        bytes += Array("N1,C\u{0}2,10.00,USD,2025-01-02T10:00:00Z\n".utf8)                 // 2: NUL in a key
        bytes += Array("L1,\(String(repeating: "x", count: 10_000)),10.00,USD,2025-01-02T10:00:00Z\n".utf8)  // 3: 10 KB key
        bytes += Array("\(String(repeating: "o", count: 10_000)),C3,10.00,USD,2025-01-02T10:00:00Z\n".utf8)  // 4
        bytes += Array("B1,C4,123456789012345.00,USD,2025-01-02T10:00:00Z\n".utf8)          // 5: 15 digits
        bytes += Array("F1,C5,10.00,USD,2099-01-02T10:00:00Z\n".utf8)                       // 6: far future
        bytes += Array("P1,C6,10.00,USD,1850-01-02T10:00:00Z\n".utf8)                       // 7: before dim_date
        bytes += Array("G2,C7,12.00,USD,2025-01-03T10:00:00Z\n".utf8)
        let path = try write(bytes, name: "orders.csv")
        let result = try harness.load(path, .transactions)
        XCTAssertEqual(result.status, .loaded, result.message ?? "")
        XCTAssertEqual(result.recordsRead, 8)
        XCTAssertEqual(result.recordsLoaded, 2)
        XCTAssertEqual(result.recordsRejected, 6)
        XCTAssertEqual(result.recordsRead, result.recordsLoaded + result.recordsRejected)
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), 2)
        XCTAssertEqual(
            try rejects(harness, fileID: result.fileID),
            ["2": "text.nul", "3": "key.too_long", "4": "key.too_long", "5": "number.out_of_range", "6": "date.out_of_range",
             "7": "date.out_of_range"])
        // The rejects file holds personal data: only its owner reads it.
        let rejectsFile = try XCTUnwrap(result.rejectsFile)
        let mode = try FileManager.default.attributesOfItem(atPath: rejectsFile)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        let text = try String(contentsOfFile: rejectsFile, encoding: .utf8)
        XCTAssertTrue(text.contains("C\\02"), "the NUL shows as \\0")
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path)
                .filter { $0.hasPrefix(".") }, [], "no temporary file is left behind")
    }

    func testAJSONNulEscapeRejectsItsRecord() throws {
        let harness = try LoadHarness(prefix: "isolation_json")
        let path = try LoadHarness.write(
            """
            {"interaction_id": "I1", "customer_id": "C1", "occurred_at": "2025-01-02T10:00:00Z", "type": "sent"}
            {"interaction_id": "I2", "customer_id": "C\\u00002", "occurred_at": "2025-01-02T10:00:00Z", "type": "sent"}
            {"interaction_id": "I3", "customer_id": "C3", "occurred_at": "2025-01-02T10:00:00Z", "type": "sent", "outcome": "a\\u0000b"}

            """, name: "interactions.ndjson")
        let result = try harness.load(path, .interactions)
        XCTAssertEqual(result.status, .loaded, result.message ?? "")
        XCTAssertEqual(result.recordsLoaded, 1)
        XCTAssertEqual(try rejects(harness, fileID: result.fileID), ["2": "text.nul", "3": "text.nul"])
    }

    func testARefusedFileFullOfBadBytesIsRecordedAndRefused() throws {
        let harness = try LoadHarness(prefix: "isolation_refused")
        // Every record bad, and bad in the bytes: NUL and an invalid UTF-8 byte.
        var bytes = Array(header.utf8)
        bytes += Array("X1,".utf8) + [0, 0xFF] + Array(" junk\n".utf8)
        let result = try harness.load(try write(bytes, name: "transactions_a.csv"), .transactions,
                                      definition: { var d = FeedDefinition.canonical(.transactions); d.maxRejectRatio = 0.1; return d }())
        XCTAssertEqual(result.status, .refused, result.message ?? "")
        XCTAssertEqual(try harness.count("select count(*) from etl.file where status = 'refused'"), 1)
        XCTAssertEqual(try harness.count("select count(*) from etl.reject where file_id = $1", [result.fileID]), 1)
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), 0)
    }

    func testLongRawRecordsAreCappedInTheAuditAndTheRejectsFile() throws {
        let harness = try LoadHarness(prefix: "isolation_long")
        let long = String(repeating: "z", count: 200_000)
        let path = try LoadHarness.write(header + "G1,C1,10.00,USD,2025-01-02T10:00:00Z\nBAD,C2,\(long),USD,2025-01-02T10:00:00Z\n",
                                         name: "orders.csv")
        let result = try harness.load(path, .transactions)
        XCTAssertEqual(result.recordsRejected, 1)
        let raw = try harness.connection.query("select octet_length(raw_record), raw_record like '%…[truncated]' from etl.reject")
        XCTAssertLessThanOrEqual(raw.int(0, 0) ?? .max, 64 * 1024 + 20)
        XCTAssertEqual(raw.bool(0, 1), true)
        let size = try FileManager.default.attributesOfItem(atPath: try XCTUnwrap(result.rejectsFile))[.size] as? Int ?? .max
        XCTAssertLessThan(size, 3 * 64 * 1024, "value and raw record are each capped")
    }
}
