import PostgresClient
import TestSupport
import XCTest

@testable import Warehouse

/// A spooled binary COPY body arrives whole, whether it stayed in memory or
/// went on in its temporary file.
final class CopySpoolTests: XCTestCase {
    func testSpooledRowsArriveWholeFromMemoryAndFromTheFile() throws {
        let connection = try Connection(try TestCluster.makeDatabase(prefix: "copy_spool"))
        try connection.execute("create table spooled (id integer, label text)")
        for limit in [1 << 20, 64] {
            let spool = CopySpool(memoryLimit: limit)
            for id in 0..<5_000 {
                try spool.append {
                    BinaryCopy.beginRow(fields: 2, in: &$0)
                    BinaryCopy.appendInt4(Int32(id), to: &$0)
                    BinaryCopy.appendText("row \(id) ünïcode", to: &$0)
                }
            }
            XCTAssertEqual(spool.rows, 5_000)
            try connection.execute("truncate spooled")
            let copied = try connection.copyFrom("copy spooled (id, label) from stdin with (format binary)") {
                try spool.send(to: $0)
            }
            XCTAssertEqual(copied, 5_000, "memory limit \(limit)")
            XCTAssertEqual(
                try connection.query(
                    "select count(*) from spooled where label = 'row ' || id || ' ünïcode'").int(0, 0), 5_000)
            XCTAssertEqual(try connection.query("select sum(id) from spooled").int(0, 0), 4_999 * 5_000 / 2)
        }
    }
}
