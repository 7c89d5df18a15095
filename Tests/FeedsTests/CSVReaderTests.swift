import XCTest
@testable import Feeds

final class CSVReaderTests: XCTestCase {
    func testQuotedFieldsHoldDelimitersQuotesAndLineBreaksExactly() throws {
        let text = "id,name,note\r\n1,\"Smith, J\",\"say \"\"hi\"\"\r\nthere\"\r\n2,\"a\nb\",\"\"\"\"\r\n"
        let result = try readAtAllChunkSizes(text)
        XCTAssertEqual(result.rows, [["1", "Smith, J", "say \"hi\"\r\nthere"], ["2", "a\nb", "\""]])
        XCTAssertEqual(result.lines, [2, 4])
        XCTAssertEqual(result.names.first, ["id", "name", "note"])
        XCTAssertEqual(result.summary.lines, 5)
        XCTAssertEqual(result.rejects, [])
    }

    func testByteOrderMarkIsSkippedAndLastRecordMayLackNewline() throws {
        let result = try readAtAllChunkSizes([0xEF, 0xBB, 0xBF] + Array("sku,name\nA1,Lamp\nB2,Desk".utf8))
        XCTAssertEqual(result.names.first, ["sku", "name"])
        XCTAssertEqual(result.rows, [["A1", "Lamp"], ["B2", "Desk"]])
        XCTAssertEqual(result.raws.last, Array("B2,Desk".utf8))
        XCTAssertEqual(result.summary.lines, 3)
    }

    func testQuotedLastFieldWithoutNewlineAndTrailingEmptyField() throws {
        let result = try readAtAllChunkSizes("a,b\n\"x\",\"y\"\n1,")
        XCTAssertEqual(result.rows, [["x", "y"], ["1", nil]])
    }

    func testQuotedEmptyStringIsNotNull() throws {
        let result = try readAtAllChunkSizes("a,b,c\n\"\",,\"\\N\"\n")
        XCTAssertEqual(result.rows, [["", nil, "\\N"]])
    }

    func testNullMarkers() throws {
        let markers = options { $0.nullMarkers = ["\\N", "NULL"] }
        let result = try readAtAllChunkSizes("a,b,c,d\n\\N,NULL,,\"NULL\"\n", options: markers)
        XCTAssertEqual(result.rows, [[nil, nil, "", "NULL"]], "empty is a value when not a marker; quoted markers are text")
    }

    func testRaggedRowsAreRejectedWithLineAndCounts() throws {
        let result = try readAtAllChunkSizes("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n")
        XCTAssertEqual(result.rows, [["1", "2", "3"], ["10", "11", "12"]])
        XCTAssertEqual(result.rejects.map(\.reason), [
            "line 3: expected 3 fields, found 2",
            "line 4: expected 3 fields, found 4",
        ])
        XCTAssertEqual(result.rejects.map(\.raw), [Array("4,5".utf8), Array("6,7,8,9".utf8)])
        XCTAssertEqual(result.rejects.map(\.recordNumber), [2, 3])
        XCTAssertEqual(result.recordNumbers, [1, 4])
    }

    func testUnterminatedQuoteAtEndOfFileIsRejectedAndFollowingLinesRecovered() throws {
        let result = try readAtAllChunkSizes("a,b\n1,ok\n2,\"open\n3,fine\n")
        XCTAssertEqual(result.rows, [["1", "ok"], ["3", "fine"]])
        XCTAssertEqual(result.rejects.count, 1)
        XCTAssertEqual(result.rejects[0].line, 3)
        XCTAssertEqual(result.rejects[0].raw, Array("2,\"open".utf8))
        XCTAssertTrue(result.rejects[0].reason.hasPrefix("line 3: unterminated quoted field 2"), result.rejects[0].reason)
    }

    func testUnterminatedQuoteOnTheLastLine() throws {
        let result = try readAtAllChunkSizes("a,b\n1,\"never closed")
        XCTAssertEqual(result.rows, [])
        XCTAssertEqual(result.rejects.map(\.line), [2])
        XCTAssertEqual(result.rejects.first?.raw, Array("1,\"never closed".utf8))
    }

    func testCharacterAfterClosingQuoteIsRejected() throws {
        let result = try readAtAllChunkSizes("a,b\n\"x\"y,2\n3,4\n")
        XCTAssertEqual(result.rows, [["3", "4"]])
        XCTAssertEqual(result.rejects.first?.reason, "line 2: unexpected character 'y' after the closing quote of field 1")
        XCTAssertEqual(result.rejects.first?.raw, Array("\"x\"y,2".utf8))
    }

    func testTabDelimitedAndOtherDelimiters() throws {
        let tsv = try readAtAllChunkSizes("a\tb\nx y\t\"q\tr\"\n", format: .tsv)
        XCTAssertEqual(tsv.rows, [["x y", "q\tr"]])
        let semicolon = try readAtAllChunkSizes("a;b\n1,5;2\n", options: options { $0.delimiter = UInt8(ascii: ";") })
        XCTAssertEqual(semicolon.rows, [["1,5", "2"]])
        let pipe = try readAtAllChunkSizes("a|b\n|x\n", options: options { $0.delimiter = UInt8(ascii: "|") })
        XCTAssertEqual(pipe.rows, [[nil, "x"]])
    }

    func testWithoutQuotingQuotesAreData() throws {
        let result = try readAtAllChunkSizes("a,b\n\"x,y\"\n", options: options { $0.quote = nil })
        XCTAssertEqual(result.rows, [["\"x", "y\""]])
    }

    func testSingleQuoteAsQuoteCharacter() throws {
        let result = try readAtAllChunkSizes("a,b\n'O''Neil, P',\"x\"\n", options: options { $0.quote = UInt8(ascii: "'") })
        XCTAssertEqual(result.rows, [["O'Neil, P", "\"x\""]])
    }

    func testBackslashEscapes() throws {
        let backslash = options { $0.escape = .backslash; $0.nullMarkers = ["\\N"] }
        let result = try readAtAllChunkSizes("a,b,c\n\"say \\\"hi\\\" \\\\ ok\",x\\,y,\\N\nline\\nbreak,\"t\\tab\",\"\"\n", options: backslash)
        XCTAssertEqual(result.rows, [["say \"hi\" \\ ok", "x,y", nil], ["line\nbreak", "t\tab", ""]])
    }

    func testHeaderlessFilesArePositional() throws {
        let result = try readAtAllChunkSizes("1,a\n2,b\n3\n", options: options { $0.hasHeader = false })
        XCTAssertEqual(result.rows, [["1", "a"], ["2", "b"]])
        XCTAssertEqual(result.names.first, [nil, nil], "positional columns are unnamed")
        XCTAssertEqual(result.lines, [1, 2])
        XCTAssertEqual(result.rejects.map(\.reason), ["line 3: expected 2 fields, found 1"])
    }

    func testHeaderlessFileWithColumnNamesAndSelection() throws {
        let named = options { $0.hasHeader = false; $0.columnNames = ["id", "email"] }
        let result = try readAtAllChunkSizes("7,a@x.org\n", options: named, selection: ColumnSelection(names: ["email", "id"]))
        XCTAssertEqual(result.rows, [["a@x.org", "7"]])
        XCTAssertEqual(result.names.first, ["email", "id"])
    }

    func testSkipLinesBeforeHeaderAndBlankLines() throws {
        let result = try readAtAllChunkSizes("Export of 2024-01-01\n\"quoted, title\n\nid,v\n\n1,x\r\n\r\n2,y\n", options: options { $0.skipLines = 2 })
        XCTAssertEqual(result.rows, [["1", "x"], ["2", "y"]])
        XCTAssertEqual(result.lines, [6, 8])
    }

    func testTrimStripsSpacesAroundValuesAndQuotes() throws {
        let result = try readAtAllChunkSizes("a , b,c\n  x  , \"  y \" ,\t\n", options: options { $0.trim = true })
        XCTAssertEqual(result.names.first, ["a", "b", "c"])
        XCTAssertEqual(result.rows, [["x", "  y ", nil]])
        let untrimmed = try read("a,b\n x , y\n")
        XCTAssertEqual(untrimmed.rows, [[" x ", " y"]])
    }

    func testLoneCarriageReturnIsData() throws {
        let result = try readAtAllChunkSizes("a,b\nx\ry,z\r\n")
        XCTAssertEqual(result.rows, [["x\ry", "z"]])
    }

    func testFieldLargerThanChunksAndBuffer() throws {
        let big = String(repeating: "0123456789", count: 300_000)  // 3 MB, three default chunks
        let text = "id,blob,tail\n1,\"\(big)\",end\n2,\(big),x\n"
        for size in [1000, 4096, FeedReader.defaultChunkSize] {
            let result = try read(text, chunkSize: size)
            XCTAssertEqual(result.rows.count, 2)
            XCTAssertEqual(result.rows.first?[1]?.utf8.count, big.utf8.count)
            XCTAssertEqual(result.rows.last?[2], "x")
            XCTAssertEqual(result.lines, [2, 3])
        }
    }

    func testRecordLongerThanLimitIsRejectedAndReaderResyncs() throws {
        let limit = options { $0.maxRecordBytes = 2048 }
        let text = "a,b\n1,\"" + String(repeating: "x", count: 5000) + "\n2,ok\n"
        let result = try read(text, options: limit, chunkSize: 512)
        XCTAssertEqual(result.rows, [["2", "ok"]])
        XCTAssertEqual(result.rejects.count, 1)
        XCTAssertTrue(result.rejects[0].reason.contains("longer than 2048 bytes"), result.rejects[0].reason)
    }

    func testEmptyInputsGiveNothing() throws {
        XCTAssertEqual(try read("").rows, [])
        XCTAssertEqual(try read("a,b\n").rows, [])
        XCTAssertEqual(try read([0xEF, 0xBB, 0xBF]).summary.records, 0)
    }

    func testRecordsKeepProvenanceAndRawBytes() throws {
        let result = try readAtAllChunkSizes("a,b\n\"multi\nline\",1\r\nx,2\n")
        XCTAssertEqual(result.lines, [2, 4])
        XCTAssertEqual(result.recordNumbers, [1, 2])
        XCTAssertEqual(result.raws, [Array("\"multi\nline\",1".utf8), Array("x,2".utf8)])
    }

    func testInvalidOptionsAreRefused() {
        XCTAssertThrowsError(try read("a", options: options { $0.delimiter = 10 })) { error in
            XCTAssertEqual((error as? FeedReadError)?.code, .invalidOptions)
        }
        XCTAssertThrowsError(try read("a", options: options { $0.quote = UInt8(ascii: ",") }))
    }

    /// A reject keeps a bounded slice of a huge bad record, not all of it.
    func testARejectKeepsAtMostItsFirst64KiB() throws {
        let huge = "1," + String(repeating: "\"", count: 1) + String(repeating: "x", count: 300_000)
        let result = try readAtAllChunkSizes("a,b\n" + huge)
        XCTAssertEqual(result.rejects.count, 1)
        XCTAssertEqual(result.rejects[0].raw.count, FeedReject.maxRawBytes)
    }
}
