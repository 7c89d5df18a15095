import XCTest
@testable import Feeds

/// Random and mutated bytes through every reader: whatever the input, reading
/// ends normally, and every record-shaped piece of it is a record or a reject.
final class FuzzTests: XCTestCase {
    /// A small deterministic generator so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [String: [UInt8]] = [
        "csv": Array("id,name,note\r\n1,\"Smith, J\",\"say \"\"hi\"\"\nx\"\n2,,\\N\n3,é,\"\"\n".utf8),
        "ndjson": Array("{\"a\":1,\"b\":{\"c\":\"x\\u00e9\\ud83d\\ude00\"},\"d\":[1,{\"e\":null}]}\n{\"a\":-1.5e3}\n".utf8),
        "json": Array("[{\"a\":1,\"b\":{\"c\":\"x\"}},\n {\"a\":\"}\\\"]\"},\n {\"d\":[true,false]}]\n".utf8),
        "wide": Array("id¦name¦note¶\n1¦\"Smith¦ J\"¦\"say \"\"hi\"\"\nx\"¶2¦¦\\N¶3¦é¦  \"\"¶\n".utf8),
    ]

    /// Bytes the parsers treat specially, so mutations hit the interesting paths.
    static let specialBytes: [UInt8] = Array(",\"\\\n\r\t{}[]:' N".utf8) + [0x00, 0x80, 0xC3, 0xE2, 0xED, 0xF0, 0xFF, 0xEF, 0xBB, 0xBF]

    func mutate(_ seed: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            let byte = Bool.random(using: &rng) ? Self.specialBytes.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[position] = byte
            case 1: bytes.insert(byte, at: position)
            case 2 where !bytes.isEmpty: bytes.remove(at: position)
            default: bytes = Array(bytes.prefix(position))
            }
        }
        return bytes
    }

    func randomBytes(_ rng: inout SplitMix) -> [UInt8] {
        (0..<Int.random(in: 0..<200, using: &rng)).map { _ in
            Bool.random(using: &rng) ? Self.specialBytes.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
        }
    }

    func testReadersSurviveRandomAndMutatedInput() throws {
        // FEEDS_FUZZ_SEED / FEEDS_FUZZ_SECONDS run a longer or different search.
        let environment = ProcessInfo.processInfo.environment
        var rng = SplitMix(state: environment["FEEDS_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_240_101)
        let deadline = Date().addingTimeInterval(environment["FEEDS_FUZZ_SECONDS"].flatMap(Double.init) ?? 2.5)
        var inputs = 0
        // Optional columns, so a mangled header never refuses the file.
        let selection = ColumnSelection(columns: ["id", "name", "b.c", "d", "a"].map { .init(name: $0, isRequired: false) })
        let variants: [(FeedFormat, String, FormatOptions, ColumnSelection?)] = [
            (.csv, "csv", FormatOptions(), nil),
            (.csv, "csv", FormatOptions(), selection),
            (.csv, "csv", options { $0.escape = .backslash; $0.trim = true; $0.hasHeader = false }, nil),
            (.tsv, "csv", options { $0.quote = nil; $0.encoding = .windows1252 }, nil),
            (.csv, "wide", options { $0.setDelimiter(Array("¦".utf8)); $0.recordTerminator = Array("¶".utf8) }, nil),
            (.csv, "wide", options {
                $0.setDelimiter(Array("¦".utf8)); $0.recordTerminator = Array("¶".utf8); $0.escape = .backslashQuote
                $0.ragged = .lenient; $0.nullMarkers = ["", "\\0"]; $0.columnNullMarkers = ["name": ["x"]]
            }, selection),
            (.csv, "csv", options { $0.setDelimiter(Array("||".utf8)); $0.escape = .backslash; $0.trim = true; $0.hasHeader = false }, nil),
            (.csv, "csv", options { $0.encoding = .ascii; $0.ragged = .lenient }, nil),
            (.ndjson, "ndjson", FormatOptions(), nil),
            (.ndjson, "ndjson", FormatOptions(), selection),
            (.json, "json", FormatOptions(), nil),
            (.json, "json", FormatOptions(), selection),
            (.json, "ndjson", options { $0.encoding = .latin1 }, nil),
        ]
        while Date() < deadline {
            for (format, seedName, formatOptions, selected) in variants {
                let bytes = Bool.random(using: &rng) ? mutate(Self.seeds[seedName]!, &rng) : randomBytes(&rng)
                let chunkSize = [1, 3, 17, 4096].randomElement(using: &rng)!
                let result: ReadResult
                do {
                    result = try read(bytes, format: format, options: formatOptions, selection: selected, chunkSize: chunkSize)
                } catch let error as FeedReadError {
                    // Only the header, or a JSON array's broken structure, may refuse a whole file.
                    let allowed: [FeedReadError.Code] = format == .json ? [.invalidHeader, .brokenStructure] : [.invalidHeader]
                    XCTAssertTrue(allowed.contains(error.code), "\(format) \(error.code) \(bytes)")
                    continue
                }
                inputs += 1
                // Record numbers are 1…n across records and rejects, each once.
                let numbers = (result.recordNumbers + result.rejects.map(\.recordNumber)).sorted()
                XCTAssertEqual(numbers, Array(0..<numbers.count).map { $0 + 1 }, "\(format) \(bytes)")
                XCTAssertTrue(result.rejects.allSatisfy { !$0.reason.isEmpty && $0.line >= 1 }, "\(format) \(bytes)")
                XCTAssertTrue(result.lines.allSatisfy { $0 >= 1 }, "\(format) \(bytes)")
                XCTAssertEqual(result.invalidUTF8Fields, 0, "\(format) \(bytes)")
                // Non-empty, non-blank input yields at least one record or reject.
                let content = bytes.filter { ![10, 13, 32, 9, 0xEF, 0xBB, 0xBF].contains($0) }
                let meaningful = !content.isEmpty && !(format == .json && content == Array("[]".utf8))
                if meaningful && format != .csv && format != .tsv {
                    XCTAssertFalse(result.rows.isEmpty && result.rejects.isEmpty, "\(format): \(bytes) gave nothing")
                }
            }
        }
        XCTAssertGreaterThan(inputs, 100)
    }

    func testChunkSizeNeverChangesWhatIsRead() throws {
        var rng = SplitMix(state: 7)
        let deadline = Date().addingTimeInterval(1)
        let wide = options { $0.setDelimiter(Array("¦".utf8)); $0.recordTerminator = Array("¶".utf8); $0.setQuote(Array("‖".utf8)) }
        while Date() < deadline {
            for (format, seed) in [(FeedFormat.csv, "csv"), (.ndjson, "ndjson"), (.json, "json")] {
                let bytes = mutate(Self.seeds[seed]!, &rng)
                guard let reference = try? read(bytes, format: format, chunkSize: 4096) else { continue }
                let small = try read(bytes, format: format, chunkSize: Int.random(in: 1...9, using: &rng))
                XCTAssertEqual(small, reference, "\(format) \(bytes)")
            }
            let bytes = mutate(Self.seeds["wide"]!.map { $0 == UInt8(ascii: "\"") ? 0x7C : $0 }, &rng) + Array("‖¦‖‖¶".utf8)
            guard let reference = try? read(bytes, options: wide, chunkSize: 4096) else { continue }
            XCTAssertEqual(try read(bytes, options: wide, chunkSize: Int.random(in: 1...9, using: &rng)), reference, "wide \(bytes)")
        }
    }
}
