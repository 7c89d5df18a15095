import Foundation
import Logging
import XCTest

@testable import crmwh

/// A log event is exactly one line, and a JSON line always parses.
final class LogLineTests: XCTestCase {
    func testTextLinesEscapeControlCharacters() {
        let line = StderrLogHandler.textLine(
            level: .error, message: "failed /in/evil\ncrmwh: loaded fake.csv",
            metadata: ["file.path": "/in/a\rb\tc\u{1B}"])
        XCTAssertFalse(line.contains("\n"))
        XCTAssertFalse(line.contains("\r"))
        XCTAssertTrue(line.contains("/in/evil\\ncrmwh: loaded fake.csv"), line)
        XCTAssertTrue(line.contains("file.path=/in/a\\rb\\tc\\x1B"), line)
    }

    func testJSONLinesKeepNonFiniteNumbersAsText() throws {
        let line = StderrLogHandler.jsonLine(
            level: .warning, message: "fit", metadata: ["clv.ll": "nan", "clv.max": "inf", "clv.r": "0.25", "n": "3", "name": "x\ny"])
        XCTAssertFalse(line.contains("\n"))
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertEqual(object["clv.ll"] as? String, "nan")
        XCTAssertEqual(object["clv.max"] as? String, "inf")
        XCTAssertEqual(object["clv.r"] as? Double, 0.25)
        XCTAssertEqual(object["n"] as? Int, 3)
        XCTAssertEqual(object["name"] as? String, "x\ny")
        XCTAssertEqual(object["msg"] as? String, "fit")
    }
}
