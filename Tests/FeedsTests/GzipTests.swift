import CZlib
import XCTest
@testable import Feeds

final class GzipTests: XCTestCase {
    /// Compresses with zlib's gzip wrapper, as `gzip` would.
    static func gzip(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        deflateInit2_(&stream, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        let produced = input.withUnsafeMutableBufferPointer { inBuffer -> Int in
            output.withUnsafeMutableBufferPointer { outBuffer -> Int in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END)
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output[0..<produced])
    }

    private func write(_ bytes: [UInt8], named name: String) throws -> String {
        let url = try temporaryDirectory(self).appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    private func readFile(_ path: String, format: FeedFormat? = nil, chunkSize: Int = FeedReader.defaultChunkSize) throws -> ReadResult {
        let reader = try FeedReader(path: path, format: format, chunkSize: chunkSize)
        var result = ReadResult()
        result.summary = try reader.read { record in
            result.rows.append((0..<record.count).map { record.string(at: $0) })
            result.lines.append(record.line)
        } onReject: { result.rejects.append($0) }
        return result
    }

    func testEveryFormatReadsTheSameCompressedAndPlain() throws {
        let fixtures: [(String, String)] = [
            ("orders.csv", "id,note\n1,\"a,\r\nb\"\n2,x\n"),
            ("orders.tsv", "id\tnote\n1\ta b\n2\tx\n"),
            ("orders.ndjson", "{\"id\":1,\"note\":\"a\"}\n{\"id\":2,\"note\":\"x\"}\n"),
            ("orders.json", "[{\"id\":1,\"note\":\"a\"},\n{\"id\":2,\"note\":\"x\"}]\n"),
        ]
        for (name, text) in fixtures {
            let plain = try readFile(try write(Array(text.utf8), named: name))
            for chunkSize in [1, 7, FeedReader.defaultChunkSize] {
                let compressed = try readFile(try write(Self.gzip(Array(text.utf8)), named: name + ".gz"), chunkSize: chunkSize)
                XCTAssertEqual(compressed.rows, plain.rows, name)
                XCTAssertEqual(compressed.lines, plain.lines, name)
            }
            XCTAssertEqual(plain.rows.count, 2, name)
            XCTAssertEqual(plain.rejects, [], name)
        }
    }

    func testLargeCompressedFileStreams() throws {
        var text = "id,value\n"
        for index in 0..<50_000 { text += "\(index),\(index * 7)\n" }
        let result = try readFile(try write(Self.gzip(Array(text.utf8), level: 1), named: "big.csv.gz"), chunkSize: 4096)
        XCTAssertEqual(result.rows.count, 50_000)
        XCTAssertEqual(result.rows.last, ["49999", "349993"])
        XCTAssertEqual(result.summary.bytes, text.utf8.count)
    }

    func testConcatenatedMembersAreOneStream() throws {
        let bytes = Self.gzip(Array("id\n1\n".utf8)) + Self.gzip(Array("2\n".utf8))
        let result = try readFile(try write(bytes, named: "two.csv.gz"))
        XCTAssertEqual(result.rows, [["1"], ["2"]])
    }

    func testCorruptGzipIsAReadError() throws {
        var bytes = Self.gzip(Array(String(repeating: "id,value\n1,2\n", count: 100).utf8))
        bytes[12] ^= 0xFF
        bytes[13] ^= 0x55
        let path = try write(bytes, named: "bad.csv.gz")
        XCTAssertThrowsError(try readFile(path)) { error in
            let readError = error as? FeedReadError
            XCTAssertEqual(readError?.code, .corruptCompression)
            XCTAssertEqual(readError?.file, path)
        }
    }

    func testTruncatedGzipIsAReadError() throws {
        let bytes = Self.gzip(Array(String(repeating: "id,value\n1,2\n", count: 100).utf8))
        let path = try write(Array(bytes.prefix(bytes.count / 2)), named: "cut.csv.gz")
        XCTAssertThrowsError(try readFile(path)) { error in
            XCTAssertEqual((error as? FeedReadError)?.code, .corruptCompression)
            XCTAssertTrue("\(error)".contains("truncated"), "\(error)")
        }
        let notGzip = try write(Array("id\n1\n".utf8), named: "plain.csv.gz")
        XCTAssertThrowsError(try readFile(notGzip)) { error in
            XCTAssertEqual((error as? FeedReadError)?.code, .corruptCompression)
        }
    }

    func testMissingFileAndDirectory() throws {
        XCTAssertThrowsError(try FeedReader(path: "/nonexistent/orders.csv")) { error in
            XCTAssertEqual((error as? FeedReadError)?.code, .fileNotFound)
            XCTAssertEqual((error as? FeedReadError)?.file, "/nonexistent/orders.csv")
        }
        let directory = try temporaryDirectory(self).appendingPathComponent("x.csv")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        XCTAssertThrowsError(try FeedReader(path: directory.path)) { error in
            XCTAssertEqual((error as? FeedReadError)?.code, .unreadable)
        }
        XCTAssertThrowsError(try FeedReader(path: "orders.xlsx")) { error in
            XCTAssertEqual((error as? FeedReadError)?.code, .invalidOptions)
        }
    }

    func testFormatFromFileName() {
        XCTAssertEqual(FeedFormat(fileName: "a/b/orders.CSV.gz"), .csv)
        XCTAssertEqual(FeedFormat(fileName: "events.jsonl"), .ndjson)
        XCTAssertEqual(FeedFormat(fileName: "x.json.gz"), .json)
        XCTAssertEqual(FeedFormat(fileName: "x.tsv"), .tsv)
        XCTAssertNil(FeedFormat(fileName: "x.gz"))
    }
}
