import XCTest
@testable import Feeds

/// Everything a reader produced for one input, copied out of the callbacks.
struct ReadResult: Equatable {
    var rows: [[String?]] = []
    var names: [[String?]] = []
    var lines: [Int] = []
    var recordNumbers: [Int] = []
    var raws: [[UInt8]] = []
    var rejects: [FeedReject] = []
    var summary = ReadSummary()
    var ignoredColumns: [String] = []
    /// Fields whose bytes are not valid UTF-8 (must stay 0: readers hand out UTF-8 only).
    var invalidUTF8Fields = 0
}

/// Chunk sizes that put a chunk boundary at every position of small inputs.
let boundaryChunkSizes = [1, 2, 3, 5, 7, 16, 64, FeedReader.defaultChunkSize]

func read(_ bytes: [UInt8], format: FeedFormat = .csv, options: FormatOptions = FormatOptions(),
          selection: ColumnSelection? = nil, chunkSize: Int = FeedReader.defaultChunkSize) throws -> ReadResult {
    let reader = try FeedReader(bytes: bytes, name: "fixture", format: format, options: options,
                                selection: selection, chunkSize: chunkSize)
    var result = ReadResult()
    result.summary = try reader.read { record in
        result.rows.append((0..<record.count).map { record.string(at: $0) })
        for index in 0..<record.count {
            if let bytes = record.bytes(at: index), bytes.count > 0,
               UTF8Validation.firstInvalidOffset(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), count: bytes.count) != nil {
                result.invalidUTF8Fields += 1
            }
        }
        result.names.append((0..<record.count).map { record.name(at: $0) })
        result.lines.append(record.line)
        result.recordNumbers.append(record.recordNumber)
        result.raws.append(Array(record.rawBytes))
    } onReject: { reject in
        result.rejects.append(reject)
    }
    result.ignoredColumns = reader.ignoredColumns
    return result
}

func read(_ text: String, format: FeedFormat = .csv, options: FormatOptions = FormatOptions(),
          selection: ColumnSelection? = nil, chunkSize: Int = FeedReader.defaultChunkSize) throws -> ReadResult {
    try read(Array(text.utf8), format: format, options: options, selection: selection, chunkSize: chunkSize)
}

/// Reads `bytes` at every boundary chunk size, asserts all results agree, and
/// returns the one from the default chunk size.
func readAtAllChunkSizes(_ bytes: [UInt8], format: FeedFormat = .csv, options: FormatOptions = FormatOptions(),
                         selection: ColumnSelection? = nil,
                         file: StaticString = #filePath, line: UInt = #line) throws -> ReadResult {
    let reference = try read(bytes, format: format, options: options, selection: selection)
    for size in boundaryChunkSizes.dropLast() {
        let other = try read(bytes, format: format, options: options, selection: selection, chunkSize: size)
        XCTAssertEqual(other, reference, "chunk size \(size) reads differently", file: file, line: line)
    }
    return reference
}

func readAtAllChunkSizes(_ text: String, format: FeedFormat = .csv, options: FormatOptions = FormatOptions(),
                         selection: ColumnSelection? = nil,
                         file: StaticString = #filePath, line: UInt = #line) throws -> ReadResult {
    try readAtAllChunkSizes(Array(text.utf8), format: format, options: options, selection: selection, file: file, line: line)
}

func options(_ configure: (inout FormatOptions) -> Void) -> FormatOptions {
    var options = FormatOptions()
    configure(&options)
    return options
}

/// A scratch directory removed at the end of the test.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("feeds-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}
