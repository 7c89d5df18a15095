import PostgresClient
import TestSupport
import XCTest

final class CopyTests: XCTestCase {
    var connection: Connection!

    override func setUpWithError() throws {
        connection = try Connection(try TestCluster.makeDatabase(prefix: "copy"))
        try connection.execute("create table t (id int, name text)")
    }

    /// Multi-byte UTF-8 must be sent by byte count: a character count would
    /// cut the row short.
    func testNonASCIITextRoundTripsByteExact() throws {
        let names = ["Zoë Ångström", "東京都 渋谷区", "emoji 🧾💶", "tab\\tescaped", "naïve café"]
        let rows = try connection.copyFrom("copy t (id, name) from stdin") { writer in
            for (index, name) in names.enumerated() {
                try writer.write("\(index)\t\(name)\n")
            }
        }
        XCTAssertEqual(rows, names.count)
        var exported = [UInt8]()
        let copied = try connection.copyTo("copy (select id, name from t order by id) to stdout") { chunk in
            exported.append(contentsOf: chunk)
        }
        XCTAssertEqual(copied, names.count)
        let expected = names.enumerated().map { "\($0.offset)\t\($0.element)\n" }.joined()
        XCTAssertEqual(exported, Array(expected.utf8))
        XCTAssertEqual(try connection.query("select name from t where id = 1").string(0, 0), "東京都 渋谷区")
    }

    func testCopyErrorNamesSQLStateAndLine() throws {
        XCTAssertThrowsError(try connection.copyFrom("copy t (id, name) from stdin") { writer in
            try writer.write("1\tok\n2\tfine\nthree\tbad\n4\tnever\n")
        }) { error in
            let error = error as! PostgresError
            XCTAssertEqual(error.sqlState, "22P02")
            XCTAssertEqual(error.copyLine, 3)
            XCTAssertTrue(error.context?.contains("line 3") ?? false, "\(error)")
        }
        XCTAssertEqual(try connection.query("select count(*) from t").int(0, 0), 0, "a failed COPY keeps nothing")
        XCTAssertTrue(connection.isOpen)
        try connection.query("insert into t values ($1, $2)", [9, "after"])
    }

    func testClientErrorAbortsCopy() throws {
        struct Stop: Error {}
        XCTAssertThrowsError(try connection.copyFrom("copy t (id, name) from stdin") { writer in
            try writer.write("1\tkept?\n")
            try writer.flush()
            throw Stop()
        }) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(try connection.query("select count(*) from t").int(0, 0), 0)
    }

    func testCSVCopyWithQuotedNewlines() throws {
        let rows = try connection.copyFrom("copy t (id, name) from stdin with (format csv)") { writer in
            try writer.write("1,\"two\r\nlines, with comma\"\n2,\"say \"\"hi\"\"\"\n")
        }
        XCTAssertEqual(rows, 2)
        XCTAssertEqual(try connection.query("select name from t where id = 1").string(0, 0), "two\r\nlines, with comma")
        XCTAssertEqual(try connection.query("select name from t where id = 2").string(0, 0), "say \"hi\"")
    }

    func testLargeStreamSpansManyChunks() throws {
        let count = 200_000
        let rows = try connection.copyFrom("copy t (id, name) from stdin") { writer in
            for index in 0..<count { try writer.write("\(index)\tname-\(index)-ü\n") }
        }
        XCTAssertEqual(rows, count)
        var bytes = 0
        try connection.copyTo("copy t to stdout") { bytes += $0.count }
        XCTAssertEqual(try connection.query("select sum(octet_length(name) + octet_length(id::text) + 2) from t").int(0, 0), bytes)
    }
}

extension CopyTests {
    /// With many chunks in flight the server's error still names the line,
    /// and the connection stays usable.
    func testServerErrorAfterManyChunksNamesTheLine() throws {
        XCTAssertThrowsError(try connection.copyFrom("copy t (id, name) from stdin") { writer in
            for index in 1...300_000 {
                try writer.write(index == 250_000 ? "bad\tx\n" : "\(index)\tname-\(index)\n")
            }
        }) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "22P02")
            XCTAssertEqual((error as? PostgresError)?.copyLine, 250_000)
        }
        XCTAssertEqual(try connection.query("select count(*) from t").int(0, 0), 0)
        try connection.query("insert into t values ($1, $2)", [1, "after"])
    }

    func testClientErrorAfterManyChunksAbortsCopy() throws {
        struct Stop: Error {}
        XCTAssertThrowsError(try connection.copyFrom("copy t (id, name) from stdin") { writer in
            for index in 1...200_000 { try writer.write("\(index)\tname-\(index)\n") }
            throw Stop()
        }) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(try connection.query("select count(*) from t").int(0, 0), 0)
        XCTAssertTrue(connection.isOpen)
    }
}
