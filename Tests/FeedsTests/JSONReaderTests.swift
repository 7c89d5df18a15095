import XCTest
@testable import Feeds

final class JSONReaderTests: XCTestCase {
    func testNDJSONFlattensNestedObjectsAndKeepsNumbersExact() throws {
        let text = #"{"order_id":"A-1","unit_price":19.99,"qty":3,"big":12345678901234567890.123456789,"exp":-1.5E+10,"customer":{"email":"a@x.org","address":{"city":"Köln"}},"ok":true,"no":false,"gone":null,"tags":["a",{"b":1}]}"# + "\n"
        let result = try readAtAllChunkSizes(text, format: .ndjson)
        XCTAssertEqual(result.names.first, ["order_id", "unit_price", "qty", "big", "exp", "customer.email", "customer.address.city", "ok", "no", "gone", "tags"])
        XCTAssertEqual(result.rows.first, ["A-1", "19.99", "3", "12345678901234567890.123456789", "-1.5E+10", "a@x.org", "Köln", "true", "false", nil, #"["a",{"b":1}]"#])
    }

    func testStringEscapesAndSurrogatePairs() throws {
        let text = #"{"s":"q\"b\\s\/n\nt\tr\rb\bf\f","u":"\u00e9\u20AC\ud83d\ude00","k\u0065y":"v"}"#
        let result = try readAtAllChunkSizes(text, format: .ndjson)
        XCTAssertEqual(result.rows.first, ["q\"b\\s/n\nt\tr\rb\u{8}f\u{c}", "é€😀", "v"])
        XCTAssertEqual(result.names.first, ["s", "u", "key"])
    }

    func testUnpairedSurrogatesAreRejected() throws {
        let text = #"{"a":"\ud83d"}"# + "\n" + #"{"a":"\ude00x"}"# + "\n" + #"{"a":"\ud83d\u0041"}"# + "\n" + #"{"a":"ok"}"#
        let result = try readAtAllChunkSizes(text, format: .ndjson)
        XCTAssertEqual(result.rows, [["ok"]])
        XCTAssertEqual(result.rejects.map(\.line), [1, 2, 3])
        XCTAssertTrue(result.rejects.allSatisfy { $0.reason.contains("surrogate") }, "\(result.rejects.map(\.reason))")
    }

    func testInvalidLinesAreRejectedAndReadingContinues() throws {
        let lines = [
            #"{"a":1}"#, "{bad", "[1,2]", #"{"a":01}"#, #"{"a":1,}"#, #"{"a":1} x"#, "{\"a\":\"tab\tin string\"}",
            "", "   ", #"{"a":2}"#,
        ]
        let result = try readAtAllChunkSizes(lines.joined(separator: "\r\n"), format: .ndjson)
        XCTAssertEqual(result.rows, [["1"], ["2"]])
        XCTAssertEqual(result.lines, [1, 10])
        XCTAssertEqual(result.rejects.map(\.line), [2, 3, 4, 5, 6, 7])
        XCTAssertEqual(result.rejects.map(\.rawText), ["{bad", "[1,2]", #"{"a":01}"#, #"{"a":1,}"#, #"{"a":1} x"#, "{\"a\":\"tab\tin string\"}"])
        XCTAssertEqual(result.rejects[0].reason, "line 2, column 2: invalid JSON: expected a quoted key, found 'b'")
        XCTAssertEqual(result.rejects[1].reason, "line 3, column 1: invalid JSON: expected a JSON object, found '['")
        XCTAssertEqual(result.recordNumbers, [1, 8])
    }

    func testInvalidUTF8InNDJSONIsARejectForThatLine() throws {
        let bytes = Array(#"{"a":""#.utf8) + [0xFF] + Array("\"}\n{\"a\":\"é\"}\n".utf8)
        let result = try readAtAllChunkSizes(bytes, format: .ndjson)
        XCTAssertEqual(result.rows, [["é"]])
        XCTAssertEqual(result.rejects.count, 1)
        XCTAssertTrue(result.rejects[0].reason.hasPrefix("line 1: invalid UTF-8 at byte 7"), result.rejects[0].reason)
    }

    func testDeepAndOddJSON() throws {
        let deep = String(repeating: #"{"a":"#, count: 100) + "1" + String(repeating: "}", count: 100)
        let tooDeep = #"{"a":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}"
        let odd = #"  {  "" : "empty key" , "a" : { } , "b":[ ] , "c": -0 , "d": 0.5e-3 }  "#
        let result = try readAtAllChunkSizes([deep, tooDeep, odd].joined(separator: "\n"), format: .ndjson)
        XCTAssertEqual(result.rows.count, 2)
        XCTAssertEqual(result.names.first?.first??.split(separator: ".").count, 100)
        XCTAssertEqual(result.rows.first, ["1"])
        XCTAssertEqual(result.rows.last, ["empty key", "[ ]", "-0", "0.5e-3"])
        XCTAssertEqual(result.rejects.map(\.line), [2])
        XCTAssertTrue(result.rejects[0].reason.contains("nesting deeper than"), result.rejects[0].reason)
    }

    func testSelectionMapsDottedPathsToFixedIndexes() throws {
        let text = #"{"id":"1","customer":{"email":"a@x.org","name":"A"},"total":9.50}"# + "\n"
            + #"{"total":1,"id":"2"}"# + "\n"
            + #"{"id":"3","customer.email":"flat@x.org","customer":"not an object"}"# + "\n"
        let selection = ColumnSelection(names: ["id", "customer.email", "total", "missing"])
        let result = try readAtAllChunkSizes(text, format: .ndjson, selection: selection)
        XCTAssertEqual(result.rows, [["1", "a@x.org", "9.50", nil], ["2", nil, "1", nil], ["3", "flat@x.org", nil, nil]])
        XCTAssertEqual(result.names.first, ["id", "customer.email", "total", "missing"])
    }

    func testSelectingAnObjectGivesItsJSONText() throws {
        let result = try read(#"{"c":{"x":1, "y":[2]}}"#, format: .ndjson, selection: ColumnSelection(names: ["c"]))
        XCTAssertEqual(result.rows, [[#"{"x":1, "y":[2]}"#]])
    }

    func testJSONArrayOfObjects() throws {
        let text = "\u{FEFF}[\n  {\"a\": 1,\n   \"b\": {\"c\": \"x\"}},\n  {\"a\": 2}\n]\n"
        let result = try readAtAllChunkSizes(text, format: .json)
        XCTAssertEqual(result.rows, [["1", "x"], ["2"]])
        XCTAssertEqual(result.lines, [2, 4])
        XCTAssertEqual(result.raws.first, Array("{\"a\": 1,\n   \"b\": {\"c\": \"x\"}}".utf8))
        XCTAssertEqual(result.rejects, [])
    }

    func testBrokenArrayElementIsRejectedAndTheNextOneRead() throws {
        let text = "[\n{\"a\": 1},\n{\"a\": tru},\n42,\n{\"a\" 3},\n{\"a\": \"}\"}\n]"
        let result = try readAtAllChunkSizes(text, format: .json)
        XCTAssertEqual(result.rows, [["1"], ["}"]])
        XCTAssertEqual(result.rejects.map(\.line), [3, 4, 5])
        XCTAssertEqual(result.rejects.map(\.rawText), ["{\"a\": tru}", "42", "{\"a\" 3}"])
        XCTAssertEqual(result.recordNumbers, [1, 5])
    }

    /// A broken array refuses the whole file, naming the line: the records
    /// after the break cannot be found, and none may be lost silently.
    func testStructurallyBrokenArrayRefusesTheFileNamingTheLine() throws {
        let cases: [(text: String, line: Int, says: String)] = [
            ("[\n{\"a\": 1}\n{\"a\": 2}\n]", 3, "expected ',' or ']'"),
            ("[{\"a\": 1},\n{\"a\": [1}]", 2, "mismatched '}'"),
            ("[{\"a\": 1},\n{\"a\": \"cut", 2, "not closed"),
            ("[{\"a\": 1}\n", 2, "not closed"),
            ("[{\"a\": 1}] x", 1, "after the end of the array"),
        ]
        for (text, line, says) in cases {
            for size in boundaryChunkSizes {
                XCTAssertThrowsError(try read(Array(text.utf8), format: .json, chunkSize: size), "\(text)") { error in
                    let error = error as? FeedReadError
                    XCTAssertEqual(error?.code, .brokenStructure, "\(text)")
                    XCTAssertEqual(error?.line, line, "\(text) at chunk size \(size)")
                    XCTAssertTrue(error?.message.contains(says) == true, "\(String(describing: error))")
                }
            }
        }
    }

    func testJSONFileHoldingObjectsIsReadAsLines() throws {
        let result = try readAtAllChunkSizes("{\"a\":1}\n{\"a\":2}\n", format: .json)
        XCTAssertEqual(result.rows, [["1"], ["2"]])
        XCTAssertEqual(try read("[]", format: .json).rows, [])
        XCTAssertEqual(try read("", format: .json).rows, [])
    }

    func testHugeStringLargerThanChunks() throws {
        let big = String(repeating: "ab\\n", count: 400_000)
        let text = "{\"id\":1,\"blob\":\"\(big)\"}\n{\"id\":2}\n"
        for size in [4096, FeedReader.defaultChunkSize] {
            let result = try read(text, format: .ndjson, chunkSize: size)
            XCTAssertEqual(result.rows.count, 2)
            XCTAssertEqual(result.rows.first?[1]?.utf8.count, 1_200_000)
            XCTAssertEqual(result.lines, [1, 2])
        }
    }
}

final class JSONArrayLargeElementTests: XCTestCase {
    func testArrayElementLargerThanChunks() throws {
        let big = String(repeating: "xyz", count: 500_000)
        let text = "[{\"id\":1,\"blob\":\"\(big)\",\"n\":{\"deep\":[1,2,{\"a\":\"]}\"}]}},\n{\"id\":2}]"
        for size in [1000, FeedReader.defaultChunkSize] {
            let result = try read(text, format: .json, chunkSize: size)
            XCTAssertEqual(result.rows.count, 2)
            XCTAssertEqual(result.rows.first?[1]?.count, 1_500_000)
            XCTAssertEqual(result.rows.first?[2], #"[1,2,{"a":"]}"}]"#)
            XCTAssertEqual(result.lines, [1, 2])
            XCTAssertEqual(result.rejects, [])
        }
    }

    func testReaderReadsOnce() throws {
        let reader = try FeedReader(bytes: Array("{\"a\":1}".utf8), name: "x", format: .ndjson)
        try reader.read({ _ in }, onReject: { _ in })
        XCTAssertThrowsError(try reader.read({ _ in }, onReject: { _ in }))
    }
}
