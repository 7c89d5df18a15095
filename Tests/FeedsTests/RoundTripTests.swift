import XCTest
@testable import Feeds

/// Property tests: random data written in a format and read back must come
/// out exactly as written, at random chunk sizes.
final class RoundTripTests: XCTestCase {
    typealias SplitMix = FuzzTests.SplitMix

    static let pieces = ["a", "Z", "7", " ", ",", ";", "\"", "'", "\\", "\n", "\r\n", "\t", "é", "€", "😀", "N", "x y"]

    func randomValue(_ rng: inout SplitMix) -> String? {
        if Int.random(in: 0..<8, using: &rng) == 0 { return nil }
        return (0..<Int.random(in: 0..<6, using: &rng)).map { _ in Self.pieces.randomElement(using: &rng)! }.joined()
    }

    /// RFC 4180 writing: quote when needed, double quotes; NULL as nothing.
    func csvField(_ value: String?, backslash: Bool) -> String {
        guard let value else { return backslash ? "\\N" : "" }
        // Scalars, not Characters: "\r\n" is one Character and would hide its "\n".
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains { ",\"\r\n\\".unicodeScalars.contains($0) }
        guard needsQuotes else { return value }
        if backslash {
            return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    func testCSVRoundTrip() throws {
        var rng = SplitMix(state: 99)
        let deadline = Date().addingTimeInterval(1)
        var files = 0
        while Date() < deadline {
            let backslash = Bool.random(using: &rng)
            let columns = Int.random(in: 2...5, using: &rng)
            let rows = (0..<Int.random(in: 1...8, using: &rng)).map { _ in (0..<columns).map { _ in randomValue(&rng) } }
            var text = (1...columns).map { "c\($0)" }.joined(separator: ",") + "\n"
            var expectedLines: [Int] = []
            var line = 2
            for (index, row) in rows.enumerated() {
                expectedLines.append(line)
                let record = row.map { csvField($0, backslash: backslash) }.joined(separator: ",")
                text += record
                line += record.utf8.filter { $0 == 10 }.count + 1
                if index < rows.count - 1 || Bool.random(using: &rng) { text += Bool.random(using: &rng) ? "\n" : "\r\n" }
            }
            let formatOptions = options {
                if backslash { $0.escape = .backslash; $0.nullMarkers = ["\\N"] }
            }
            // NULL is written unquoted-empty (or \N) and "" quoted, so both come back as written.
            let expected = rows
            let result = try read(text, options: formatOptions, chunkSize: [1, 2, 5, 64, 4096].randomElement(using: &rng)!)
            XCTAssertEqual(result.rows, expected, "\(text.debugDescription)")
            XCTAssertEqual(result.lines, expectedLines, "\(text.debugDescription)")
            XCTAssertEqual(result.rejects, [], "\(text.debugDescription)")
            files += 1
        }
        XCTAssertGreaterThan(files, 50)
    }

    enum Value {
        case string(String), number(String), bool(Bool), null, object([(String, Value)])
    }

    func randomObject(_ rng: inout SplitMix, depth: Int) -> [(String, Value)] {
        (0..<Int.random(in: 0...4, using: &rng)).map { index in
            let key = "k\(index)" + (Bool.random(using: &rng) ? (randomValue(&rng) ?? "") : "")
            let value: Value
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: value = .number(["0", "-1", "19.99", "1e10", "-0.000123E-45", "12345678901234567890.5"].randomElement(using: &rng)!)
            case 1: value = .bool(Bool.random(using: &rng))
            case 2: value = .null
            case 3 where depth < 4: value = .object(randomObject(&rng, depth: depth + 1))
            default: value = .string(randomValue(&rng) ?? "")
            }
            return (key, value)
        }
    }

    /// JSON text with every escape style: short escapes, \u for controls and
    /// sometimes for any character (surrogate pairs above the BMP), raw UTF-8.
    func jsonString(_ text: String, _ rng: inout SplitMix) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += Bool.random(using: &rng) ? "\\\\" : "\\u005C"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (scalar.value > 0x7F && Bool.random(using: &rng)) {
                    for unit in String(scalar).utf16 { out += "\\u" + String(format: "%04x", unit) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    func jsonText(_ object: [(String, Value)], _ rng: inout SplitMix) -> String {
        "{" + object.map { key, value in
            let rendered: String
            switch value {
            case .string(let text): rendered = jsonString(text, &rng)
            case .number(let text): rendered = text
            case .bool(let flag): rendered = flag ? "true" : "false"
            case .null: rendered = "null"
            case .object(let inner): rendered = jsonText(inner, &rng)
            }
            return jsonString(key, &rng) + (Bool.random(using: &rng) ? ":" : " : ") + rendered
        }.joined(separator: ",") + "}"
    }

    func flatten(_ object: [(String, Value)], prefix: String = "") -> [(String, String?)] {
        object.flatMap { key, value -> [(String, String?)] in
            let path = prefix.isEmpty ? key : prefix + "." + key
            switch value {
            case .string(let text): return [(path, text)]
            case .number(let text): return [(path, text)]
            case .bool(let flag): return [(path, flag ? "true" : "false")]
            case .null: return [(path, nil)]
            case .object(let inner): return flatten(inner, prefix: path)
            }
        }
    }

    func testJSONRoundTripAsLinesAndArray() throws {
        var rng = SplitMix(state: 1234)
        let deadline = Date().addingTimeInterval(1)
        var files = 0
        while Date() < deadline {
            let objects = (0..<Int.random(in: 1...5, using: &rng)).map { _ in randomObject(&rng, depth: 0) }
            let texts = objects.map { jsonText($0, &rng) }
            let expected: [[(String, String?)]] = objects.map { flatten($0) }
            let chunkSize = [1, 3, 8, 4096].randomElement(using: &rng)!
            let lines = try read(texts.joined(separator: "\n"), format: .ndjson, chunkSize: chunkSize)
            let array = try read("[\n" + texts.joined(separator: ",\n") + "\n]", format: .json, chunkSize: chunkSize)
            for result in [lines, array] {
                XCTAssertEqual(result.rejects, [], texts.joined(separator: "\n"))
                XCTAssertEqual(result.rows, expected.map { $0.map { pair -> String? in pair.1 } }, texts.joined(separator: "\n"))
                XCTAssertEqual(result.names, expected.map { $0.map { pair -> String? in pair.0 } }, texts.joined(separator: "\n"))
            }
            XCTAssertEqual(lines.lines, Array(1...texts.count))
            XCTAssertEqual(array.lines, Array(2...(texts.count + 1)))
            files += 1
        }
        XCTAssertGreaterThan(files, 50)
    }
}
