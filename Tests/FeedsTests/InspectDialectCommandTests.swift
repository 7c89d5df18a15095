import XCTest

/// `crmwh inspect` with the dialect flags, end to end through the built binary.
final class InspectDialectCommandTests: XCTestCase {
    private func inspect(_ bytes: [UInt8], named name: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let url = try temporaryDirectory(self).appendingPathComponent(name)
        try Data(bytes).write(to: url)
        let process = Process()
        process.executableURL = try crmwhBinary()
        process.arguments = ["inspect", url.path] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self),
                String(decoding: stderr, as: UTF8.self).replacingOccurrences(of: url.path, with: name))
    }

    func testMultiByteDelimiterAndTerminator() throws {
        let result = try inspect(Array("id¦note¶1¦\"a¦b\nc\"¶2¦¶".utf8), named: "w.csv", ["--delimiter", "¦", "--record-terminator", "¶"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, #"""
            {"line": 1, "fields": {"id": "1", "note": "a¦b\nc"}}
            {"line": 2, "fields": {"id": "2", "note": null}}

            """#)
        XCTAssertEqual(result.stderr, "")
    }

    func testNullMarkersAddToTheEmptyOneAndNulIsAMarker() throws {
        let bytes = [UInt8]("a,b,c\n,\\N,".utf8) + [0] + Array("\nn/a,n/a,x\n".utf8)
        let result = try inspect(bytes, named: "n.csv", ["--null", "\\N", "--null", "\\0", "--field-null", "b=n/a"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            {"line": 2, "fields": {"a": null, "b": null, "c": null}}
            {"line": 3, "fields": {"a": "n/a", "b": null, "c": "x"}}

            """)
        let notEmpty = try inspect(Array("a,b\n,\\N\n".utf8), named: "e.csv", ["--null", "\\N", "--empty-not-null"])
        XCTAssertEqual(notEmpty.stdout, #"{"line": 2, "fields": {"a": "", "b": null}}"# + "\n")
    }

    func testBackslashQuoteEscape() throws {
        let result = try inspect(Array("a,b\n\"x\\\"y\",C:\\tmp\n".utf8), named: "b.csv", ["--escape", "backslash-quote"])
        XCTAssertEqual(result.stdout, #"{"line": 2, "fields": {"a": "x\"y", "b": "C:\\tmp"}}"# + "\n")
    }

    func testRaggedLenientWarnsAndCounts() throws {
        let text = Array("a,b,c\n1,2\n3,4,5,6\n".utf8)
        let result = try inspect(text, named: "r.csv", ["--ragged", "lenient"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, """
            {"line": 2, "fields": {"a": "1", "b": "2", "c": null}}
            {"line": 3, "fields": {"a": "3", "b": "4", "c": "5"}}

            """)
        XCTAssertEqual(result.stderr, """
            warning: r.csv record 1: line 2: expected 3 fields, found 2; the missing 1 read as NULL
            warning: r.csv record 2: line 3: expected 3 fields, found 4; the extra 1 ignored

            """)
        let counted = try inspect(text, named: "r.csv", ["--ragged", "lenient", "--count-only"])
        let summary = try JSONSerialization.jsonObject(with: Data(counted.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(summary?["records"] as? Int, 2)
        XCTAssertEqual(summary?["warnings"] as? Int, 2)
        XCTAssertEqual(summary?["rejects"] as? Int, 0)
        let strict = try inspect(text, named: "r.csv", ["--ragged", "strict", "--count-only"])
        let strictSummary = try JSONSerialization.jsonObject(with: Data(strict.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(strictSummary?["rejects"] as? Int, 2)
    }

    func testASCIIEncodingRejectsNonASCII() throws {
        let result = try inspect(Array("id,name\n1,Zoë\n2,Zoe\n".utf8), named: "a.csv", ["--encoding", "ascii"])
        XCTAssertEqual(result.status, 0)
        XCTAssertEqual(result.stdout, #"{"line": 3, "fields": {"id": "2", "name": "Zoe"}}"# + "\n")
        XCTAssertEqual(result.stderr, "reject: a.csv record 1: line 2: non-ASCII byte 0xC3 at byte 5 of the record (field 2); the feed's encoding is ascii\n")
    }

    func testBlankBeforeQuoteIsARejectWithoutTrim() throws {
        let text = Array("a,b\nx,  \"y\"\n".utf8)
        let kept = try inspect(text, named: "q.csv", [])
        XCTAssertEqual(kept.stdout, "")
        XCTAssertEqual(kept.stderr, "reject: q.csv record 1: line 2: blank before the opening quote of field 2; remove the blanks or set trim to read the quoted value\n")
        let trimmed = try inspect(text, named: "q.csv", ["--trim"])
        XCTAssertEqual(trimmed.stdout, #"{"line": 2, "fields": {"a": "x", "b": "y"}}"# + "\n")
    }

    func testBadDialectValuesAreUsageErrors() throws {
        for (arguments, message) in [
            (["--ragged", "loose"], "--ragged must be strict or lenient"),
            (["--escape", "html"], "--escape must be doubled, backslash or backslash-quote"),
            (["--delimiter", "123456789"], "--delimiter must be"),
            (["--field-null", "nocolumn"], "--field-null takes column=marker"),
        ] {
            let result = try inspect(Array("a\n".utf8), named: "u.csv", arguments)
            XCTAssertTrue([2, 64].contains(result.status), "\(arguments): status \(result.status)")
            XCTAssertTrue(result.stderr.contains(message), result.stderr)
        }
        let clash = try inspect(Array("a\n".utf8), named: "u.csv", ["--delimiter", "¦", "--record-terminator", "¦"])
        XCTAssertEqual(clash.status, 2, "conflicting options: exit 2 as an invalid feed definition")
        XCTAssertTrue(clash.stderr.contains("the record terminator and the delimiter must differ"), clash.stderr)
    }
}
