import Foundation
import XCTest

@testable import Warehouse

final class JSONObjectWriterTests: XCTestCase {
    func testStringObjectsParseBackToTheSameValues() throws {
        let object = [
            "city": "São Paulo", "quote": "say \"hi\"", "slash": "a\\b", "control": "tab\tnew\nline\u{1}",
            "emoji": "🧾", "": "empty key", "email": "ann@example.com",
        ]
        var buffer: [UInt8] = []
        JSONObjectWriter.append(object, to: &buffer)
        let parsed = try JSONSerialization.jsonObject(with: Data(buffer)) as? [String: String]
        XCTAssertEqual(parsed, object)
        XCTAssertFalse(buffer.contains(0x09), "control characters are escaped")
    }

    func testIntegerObjectsAreSortedAndExact() throws {
        var buffer: [UInt8] = []
        JSONObjectWriter.append(["phone": -1_700_000_000_000_000, "email": 1_700_000_000_123_456], to: &buffer)
        XCTAssertEqual(String(decoding: buffer, as: UTF8.self), #"{"email":1700000000123456,"phone":-1700000000000000}"#)
        var empty: [UInt8] = []
        JSONObjectWriter.append([String: Int64](), to: &empty)
        XCTAssertEqual(String(decoding: empty, as: UTF8.self), "{}")
    }
}
