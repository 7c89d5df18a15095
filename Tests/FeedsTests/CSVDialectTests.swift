import XCTest
@testable import Feeds

/// The dialect options beyond RFC 4180: separators of several bytes, NULL
/// markers per column and as byte escapes, `backslash-quote`, the ragged
/// policy, blanks before an opening quote and the ascii encoding. Every read
/// goes through ``readAtAllChunkSizes``, which puts a chunk boundary at every
/// position, so each multi-byte separator is also read split across buffers.
final class CSVDialectTests: XCTestCase {
    let pilcrow = options {
        $0.setDelimiter(Array("¦".utf8))
        $0.recordTerminator = Array("¶".utf8)
    }

    func testMultiByteDelimiterAndRecordTerminator() throws {
        // ¦ is C2 A6 and ¶ is C2 B6: the same first byte, told apart by the second.
        let text = "id¦name¦note¶1¦Smith, J¦a\nb¶2¦\"x¦y¶z\"¦¶3¦é¦\"say \"\"hi\"\"\"¶"
        let result = try readAtAllChunkSizes(Array(text.utf8), options: pilcrow)
        XCTAssertEqual(result.names.first, ["id", "name", "note"])
        XCTAssertEqual(result.rows, [["1", "Smith, J", "a\nb"], ["2", "x¦y¶z", nil], ["3", "é", "say \"hi\""]])
        XCTAssertEqual(result.lines, [1, 2, 2], "lines still count physical LFs, for reject messages")
        XCTAssertEqual(result.raws[1], Array("2¦\"x¦y¶z\"¦".utf8))
        XCTAssertEqual(result.rejects, [])
    }

    func testLineBreakAfterTheTerminatorBelongsToIt() throws {
        let result = try readAtAllChunkSizes(Array("a¦b¶\n1¦2¶\r\n3¦4¶\n".utf8), options: pilcrow)
        XCTAssertEqual(result.rows, [["1", "2"], ["3", "4"]])
        XCTAssertEqual(result.lines, [2, 3])
        XCTAssertEqual(result.summary.lines, 3)
    }

    func testMultiByteDelimiterWithLineBreakRecords() throws {
        let result = try readAtAllChunkSizes(Array("a||b\r\n1||\"x||y\"\n\n2|||3\n".utf8), options: options { $0.setDelimiter(Array("||".utf8)) })
        XCTAssertEqual(result.rows, [["1", "x||y"], ["2", "|3"]], "|| is the delimiter; the third | is data")
        XCTAssertEqual(result.lines, [2, 4])
    }

    func testMultiByteQuote() throws {
        let quoted = options { $0.setQuote(Array("‖".utf8)) }
        let result = try readAtAllChunkSizes(Array("a,b\n‖x,y‖,‖say ‖‖hi‖‖‖\n".utf8), options: quoted)
        XCTAssertEqual(result.rows, [["x,y", "say ‖hi‖"]])
    }

    func testUnterminatedQuoteResumesAfterTheNextTerminator() throws {
        let result = try readAtAllChunkSizes(Array("a¦b¶1¦\"open¶2¦fine¶".utf8), options: pilcrow)
        XCTAssertEqual(result.rows, [["2", "fine"]])
        XCTAssertEqual(result.rejects.map(\.raw), [Array("1¦\"open".utf8)])
        XCTAssertTrue(result.rejects[0].reason.contains("unterminated quoted field 2"), result.rejects[0].reason)
        let recovered = try readAtAllChunkSizes(Array("a¦b¶1¦\"x\"y¶2¦fine¶".utf8), options: pilcrow)
        XCTAssertEqual(recovered.rows, [["2", "fine"]])
        XCTAssertEqual(recovered.rejects.map(\.raw), [Array("1¦\"x\"y".utf8)])
    }

    func testSingleByteOptionsKeepTheFastParser() {
        XCTAssertFalse(options { $0.setDelimiter([UInt8(ascii: ";")]); $0.setQuote([UInt8(ascii: "'")]) }.needsWideParser)
        XCTAssertTrue(pilcrow.needsWideParser)
        XCTAssertTrue(options { $0.recordTerminator = [10] }.needsWideParser)
    }

    func testSeparatorsAreParsedFromNamesEscapesAndText() {
        XCTAssertEqual(FormatOptions.parseSeparator("¦"), [0xC2, 0xA6])
        XCTAssertEqual(FormatOptions.parseSeparator("tab"), [9])
        XCTAssertEqual(FormatOptions.parseSeparator("¶\\n"), [0xC2, 0xB6, 10])
        XCTAssertEqual(FormatOptions.parseSeparator("\\x1F"), [0x1F])
        XCTAssertNil(FormatOptions.parseSeparator(""))
        XCTAssertNil(FormatOptions.parseSeparator("\\q"))
        XCTAssertNil(FormatOptions.parseSeparator("123456789"))
    }

    func testAmbiguousSeparatorsAreRefused() {
        for bad in [
            options { $0.setDelimiter(Array("¦".utf8)); $0.recordTerminator = Array("¦".utf8) },
            options { $0.setDelimiter(Array("||".utf8)); $0.recordTerminator = Array("|".utf8) },
            options { $0.setDelimiter(Array("¦".utf8)); $0.setQuote(Array("¦".utf8)) },
            options { $0.setDelimiter(Array("a\nb".utf8)) },
        ] {
            XCTAssertThrowsError(try read("x", options: bad)) { error in
                XCTAssertEqual((error as? FeedReadError)?.code, .invalidOptions)
            }
        }
    }

    func testMarkerBytesDecodeNulAndHexOnly() {
        XCTAssertEqual(FormatOptions.markerBytes("\\0"), [0])
        XCTAssertEqual(FormatOptions.markerBytes("\\x01"), [1])
        XCTAssertEqual(FormatOptions.markerBytes("\\N"), Array("\\N".utf8), "\\N stays the MySQL marker")
        XCTAssertEqual(FormatOptions.markerBytes("\\xZZ"), Array("\\xZZ".utf8))
    }

    func testNulByteAsNullMarker() throws {
        let nul = options { $0.nullMarkers = ["", "\\0"] }
        let result = try readAtAllChunkSizes([UInt8]("a,b,c\n".utf8) + [0, 44, 120, 44, 0, 0] + [10], options: nul)
        XCTAssertEqual(result.rows, [[nil, "x", "\u{0}\u{0}"]], "only a value that is exactly the marker is NULL")
        let wide = try readAtAllChunkSizes([UInt8]("a¦b¶".utf8) + [0] + Array("¦y¶".utf8), options: options {
            $0.setDelimiter(Array("¦".utf8)); $0.recordTerminator = Array("¶".utf8); $0.nullMarkers = ["\\0"]
        })
        XCTAssertEqual(wide.rows, [[nil, "y"]])
    }

    func testColumnMarkersApplyToTheirColumnOnly() throws {
        let perColumn = options { $0.columnNullMarkers = ["phone": ["n/a", "-"], "note": [""]]; $0.nullMarkers = ["\\N"] }
        let text = "name,phone,note\nn/a,n/a,\n-,-,\\N\n,\"n/a\",x\n"
        let result = try readAtAllChunkSizes(text, options: perColumn)
        XCTAssertEqual(result.rows, [["n/a", nil, nil], ["-", nil, nil], ["", "n/a", "x"]])
        let wide = try readAtAllChunkSizes(text.replacingOccurrences(of: ",", with: "¦"), options: options {
            $0.columnNullMarkers = ["phone": ["n/a", "-"], "note": [""]]; $0.nullMarkers = ["\\N"]; $0.setDelimiter(Array("¦".utf8))
        })
        XCTAssertEqual(wide.rows, result.rows)
    }

    func testPositionalColumnMarkersWithoutHeader() throws {
        let positional = options { $0.hasHeader = false; $0.columnNullMarkers = ["2": ["0"]] }
        let result = try readAtAllChunkSizes("0,0\n1,0\n0,1\n", options: positional)
        XCTAssertEqual(result.rows, [["0", nil], ["1", nil], ["0", "1"]])
    }

    func testBackslashQuoteEscapesOnlyQuotes() throws {
        let text = "a,b,c,d\n\"x\\\"y\",\"C:\\temp\\\\\",a\\tb\\\\c,\"a\\\\b\\n\"\n"
        let rows = [["x\"y", "C:\\temp\\", "a\\tb\\\\c", "a\\\\b\\n"]]
        let result = try readAtAllChunkSizes(text, options: options { $0.escape = .backslashQuote })
        XCTAssertEqual(result.rows, rows)
        let wide = try readAtAllChunkSizes(text.replacingOccurrences(of: ",", with: "¦"), options: options {
            $0.escape = .backslashQuote; $0.setDelimiter(Array("¦".utf8))
        })
        XCTAssertEqual(wide.rows, rows)
        // backslash keeps turning escapes into the bytes they name, unquoted too.
        let backslash = try readAtAllChunkSizes("a,b\n\"x\\ty\",a\\tb\n", options: options { $0.escape = .backslash })
        XCTAssertEqual(backslash.rows, [["x\ty", "a\tb"]])
    }

    func testRaggedLenientPadsAndDropsWithAWarningEach() throws {
        let lenient = options { $0.ragged = .lenient }
        let result = try readAtAllChunkSizes("a,b,c\n1,2\n3,4,5,6\n7,8,9\n", options: lenient)
        XCTAssertEqual(result.rows, [["1", "2", nil], ["3", "4", "5"], ["7", "8", "9"]])
        XCTAssertEqual(result.rejects, [])
        XCTAssertEqual(result.summary.warnings, 2)
        var warnings: [String?] = []
        let reader = try FeedReader(bytes: Array("a,b,c\n1,2\n3,4,5,6\n7,8,9\n".utf8), name: "f", format: .csv, options: lenient)
        try reader.read { warnings.append($0.readWarning) } onReject: { _ in }
        XCTAssertEqual(warnings, [
            "expected 3 fields, found 2; the missing 1 read as NULL",
            "expected 3 fields, found 4; the extra 1 ignored",
            nil,
        ])
        let strict = try readAtAllChunkSizes("a,b,c\n1,2\n3,4,5,6\n7,8,9\n")
        XCTAssertEqual(strict.rows, [["7", "8", "9"]])
        XCTAssertEqual(strict.summary.warnings, 0)
        XCTAssertEqual(strict.rejects.map(\.reason), ["line 2: expected 3 fields, found 2", "line 3: expected 3 fields, found 4"])
    }

    func testRaggedLenientThroughAMapping() throws {
        let selection = ColumnSelection(columns: ["a", "c"].map { .init(name: $0, isRequired: true) })
        let result = try readAtAllChunkSizes("a,b,c\n1,2\n3,4,5,6\n", options: options { $0.ragged = .lenient }, selection: selection)
        XCTAssertEqual(result.rows, [["1", nil], ["3", "5"]])
    }

    func testBlankBeforeAnOpeningQuoteIsARejectUnlessTrimmed() throws {
        let text = "a,b\nx,  \"b, c\"\ny,\"ok\"\nz, plain\n"
        let kept = try readAtAllChunkSizes(text)
        XCTAssertEqual(kept.rows, [["y", "ok"], ["z", " plain"]])
        XCTAssertEqual(kept.rejects.map(\.reason), ["line 2: blank before the opening quote of field 2; remove the blanks or set trim to read the quoted value"])
        XCTAssertEqual(kept.rejects.map(\.raw), [Array("x,  \"b, c\"".utf8)])
        let trimmed = try readAtAllChunkSizes(text, options: options { $0.trim = true })
        XCTAssertEqual(trimmed.rows, [["x", "b, c"], ["y", "ok"], ["z", "plain"]])
        let wide = try readAtAllChunkSizes(text.replacingOccurrences(of: ",", with: "¦"), options: options { $0.setDelimiter(Array("¦".utf8)) })
        XCTAssertEqual(wide.rows, [["y", "ok"], ["z", " plain"]])
        XCTAssertEqual(wide.rejects.count, 1)
    }

    func testASCIIRejectsNamesByteOffsetAndField() throws {
        let ascii = options { $0.encoding = .ascii }
        let result = try readAtAllChunkSizes([UInt8]("id,name,city\n1,Lea,Paris\n2,\"Zo".utf8) + [0xC3, 0xAB] + Array("\",Rome\n3,Bo,K".utf8) + [0xF6] + Array("ln\n".utf8), options: ascii)
        XCTAssertEqual(result.rows, [["1", "Lea", "Paris"]])
        XCTAssertEqual(result.rejects.map(\.recordNumber), [2, 3])
        XCTAssertEqual(result.rejects.map(\.reason), [
            "line 3: non-ASCII byte 0xC3 at byte 6 of the record (field 2); the feed's encoding is ascii",
            "line 4: non-ASCII byte 0xF6 at byte 7 of the record (field 3); the feed's encoding is ascii",
        ])
        XCTAssertEqual(SourceEncoding(name: "US-ASCII"), .ascii)
    }

    func testASCIIJSONRejectsNonASCII() throws {
        let result = try readAtAllChunkSizes(Array("{\"a\": \"x\"}\n{\"a\": \"Zoë\"}\n".utf8), format: .ndjson, options: options { $0.encoding = .ascii })
        XCTAssertEqual(result.rows, [["x"]])
        XCTAssertEqual(result.rejects.map(\.reason), ["line 2: non-ASCII byte 0xC3 at byte 10 of the record; the feed's encoding is ascii"])
        XCTAssertEqual(result.rejects.map(\.recordNumber), [2])
    }

    /// The general parser, given the single-byte options in their wide form,
    /// must read random delimited text exactly as the fast one.
    func testWideParserAgreesWithTheFastOne() throws {
        var rng = FuzzTests.SplitMix(state: 2026)
        let pieces = ["a", " ", ",", "\"", "\\", "\n", "\r\n", "\r", "é", "N", "x", "\t"]
        let deadline = Date().addingTimeInterval(1)
        var compared = 0
        while Date() < deadline {
            let text = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            var fast = FormatOptions()
            fast.escape = [.doubled, .backslash, .backslashQuote].randomElement(using: &rng)!
            fast.trim = Bool.random(using: &rng)
            fast.ragged = Bool.random(using: &rng) ? .strict : .lenient
            fast.nullMarkers = ["", "N"]
            var wide = fast
            wide.wideDelimiter = [UInt8(ascii: ",")]
            let chunk = [1, 2, 3, 7, 4096].randomElement(using: &rng)!
            let expected = try? read(text, options: fast, chunkSize: chunk)
            let actual = try? read(text, options: wide, chunkSize: chunk)
            XCTAssertEqual(actual, expected, "\(fast.escape) trim \(fast.trim): \(text.debugDescription)")
            compared += 1
        }
        XCTAssertGreaterThan(compared, 100)
    }

    /// Random values written with ¦ / ¶ / ‖ come back exactly, at random chunk sizes.
    func testWideRoundTrip() throws {
        var rng = FuzzTests.SplitMix(state: 314)
        let pieces = ["a", "¦", "¶", "‖", "\n", "é", "€", "😀", "\"", " x"]
        let wide = options {
            $0.setDelimiter(Array("¦".utf8)); $0.recordTerminator = Array("¶".utf8); $0.setQuote(Array("‖".utf8))
        }
        let deadline = Date().addingTimeInterval(1)
        var files = 0
        while Date() < deadline {
            let columns = Int.random(in: 1...4, using: &rng)
            let rows: [[String?]] = (0..<Int.random(in: 1...6, using: &rng)).map { _ in
                (0..<columns).map { _ in
                    Int.random(in: 0..<6, using: &rng) == 0 ? nil
                        : (0..<Int.random(in: 0..<5, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
                }
            }
            func field(_ value: String?) -> String {
                guard let value else { return "" }
                let plain = !value.isEmpty && !value.contains("¦") && !value.contains("¶") && !value.contains("‖") && !value.hasPrefix(" ") && !value.hasPrefix("\n")
                return plain ? value : "‖" + value.replacingOccurrences(of: "‖", with: "‖‖") + "‖"
            }
            var text = (1...columns).map { "c\($0)" }.joined(separator: "¦") + "¶"
            text += rows.map { $0.map(field).joined(separator: "¦") }.joined(separator: "¶")
            if Bool.random(using: &rng) { text += "¶" }
            // A single NULL column would be a blank record, skipped: not a round trip.
            guard !rows.contains(where: { $0 == [nil] }) else { continue }
            let result = try read(text, options: wide, chunkSize: [1, 2, 3, 5, 4096].randomElement(using: &rng)!)
            XCTAssertEqual(result.rows, rows, text.debugDescription)
            XCTAssertEqual(result.rejects, [], text.debugDescription)
            files += 1
        }
        XCTAssertGreaterThan(files, 50)
    }
}
