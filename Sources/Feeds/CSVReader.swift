/// Reads a delimited file record by record: BOM, skipped lines, header, then
/// records or rejects until the end of the input.
final class CSVReader: RecordReader {
    private let input: ChunkedInput
    /// The parser for resynchronising and column markers (rare calls).
    private let parser: any DelimitedRecordParser
    /// The single-byte fast parser, called directly on the hot path; nil when
    /// a multi-byte separator needs the general one. Owned by `parser`; held
    /// unmanaged so the call per record costs no reference counting.
    private let fast: Unmanaged<CSVRecordParser>?
    private let store: FieldStore
    private let options: FormatOptions
    private let selection: ColumnSelection?
    @exclusivity(unchecked) private var line = 1
    @exclusivity(unchecked) private var recordNumber = 0
    @exclusivity(unchecked) private var expectedFieldCount: Int?
    private(set) var columnNames: [String] = []
    private(set) var ignoredColumns: [String] = []
    /// Selected column → field index, owned here so records can point at it.
    private var columnIndex: UnsafeMutablePointer<Int>?
    private var recordNames: [String] = [] {
        didSet { context.names = recordNames }
    }
    private let context: RecordContext

    init(input: ChunkedInput, options: FormatOptions, format: FeedFormat, selection: ColumnSelection?) {
        self.input = input
        self.options = options
        self.selection = selection
        if options.needsWideParser {
            fast = nil
            parser = WideRecordParser(options: options, format: format)
        } else {
            let single = CSVRecordParser(options: options, format: format)
            fast = Unmanaged.passUnretained(single)
            parser = single
        }
        store = parser.store
        context = RecordContext(file: input.path, store: store, names: [])
        if !options.hasHeader {
            // Positional markers ("2") apply from the first record on.
            let width = max(options.columnNames?.count ?? 0, options.columnNullMarkers.keys.compactMap { Int($0) }.max() ?? 0)
            parser.resolveColumnMarkers(names: options.columnNames ?? (0..<width).map { String($0 + 1) })
        }
    }

    func run(_ summary: inout ReadSummary, onRecord: (FeedRecord) throws -> Void, onReject: (FeedReject) throws -> Void) throws {
        try skipByteOrderMark()
        try skipLeadingLines()
        if options.hasHeader {
            try readHeader()
        } else if let names = options.columnNames {
            columnNames = names
            expectedFieldCount = names.count
            try resolveSelection()
        }
        while true {
            let outcome = parseNext()
            switch outcome {
            case .endOfInput:
                summary.lines = line - 1 + (input.endsWithoutLineFeed ? 1 : 0)
                return
            case .needMore:
                if input.end - input.start > options.maxRecordBytes {
                    try rejectOversized(onReject)
                } else {
                    try fill()
                }
            case let .blank(rawEnd, lineFeeds):
                input.start = rawEnd
                line += lineFeeds
            case let .record(rawEnd, contentEnd, lineFeeds, highBit):
                recordNumber += 1
                let recordLine = line
                if let reason = problem(highBit: highBit, contentEnd: contentEnd) {
                    try onReject(reject(reason: "line \(recordLine): \(reason)", to: contentEnd))
                } else {
                    if !options.hasHeader && expectedFieldCount == nil {
                        expectedFieldCount = store.count
                        columnNames = (1...max(store.count, 1)).map(String.init)
                        try resolveSelection()
                    }
                    if let expected = expectedFieldCount, store.count != expected {
                        context.warning = evenOut(to: expected)
                        summary.warnings += 1
                        try onRecord(makeRecord(contentEnd: contentEnd))
                        context.warning = nil
                    } else {
                        try onRecord(makeRecord(contentEnd: contentEnd))
                    }
                    summary.records += 1
                }
                input.start = rawEnd
                line += lineFeeds
            case let .unterminatedQuote(field, lineOffset):
                recordNumber += 1
                let reason = "line \(line): unterminated quoted field \(field + 1) (the quote opened on line \(line + lineOffset) is never closed); the reader resumes on the next line"
                try rejectFirstLine(reason: reason, onReject)
            case .badCharacterAfterQuote(let field, let offset), .blankBeforeQuote(let field, let offset):
                recordNumber += 1
                let bad = input.base[input.start + offset]
                let reason: String
                if case .blankBeforeQuote = outcome {
                    reason = "line \(line): blank before the opening quote of field \(field + 1); remove the blanks or set trim to read the quoted value"
                } else {
                    reason = "line \(line): unexpected character \(describe(bad)) after the closing quote of field \(field + 1)"
                }
                let stop = parser.recordEnd(input.base, from: input.start + offset, end: input.end)
                if stop == nil && !input.atEOF { recordNumber -= 1; try fill(); continue }
                let rawEnd = stop?.rawEnd ?? input.end
                let contentEnd = stop?.contentEnd ?? input.end
                try onReject(reject(reason: reason, to: contentEnd))
                line += input.countLineFeeds(from: input.start, to: rawEnd)
                input.start = rawEnd
            }
        }
    }

    deinit {
        columnIndex?.deallocate()
    }

    @inline(__always)
    private func parseNext() -> CSVRecordParser.Outcome {
        if let fast {
            let input = input
            return fast._withUnsafeGuaranteedRef { $0.parse(input.base, start: input.start, end: input.end, atEOF: input.atEOF) }
        }
        return parser.parse(input.base, start: input.start, end: input.end, atEOF: input.atEOF)
    }

    private func fill() throws {
        do {
            try input.fill()
        } catch var error as FeedReadError {
            error.line = line
            throw error
        }
    }

    private func skipByteOrderMark() throws {
        try input.ensure(3)
        let base = input.base
        if input.end - input.start >= 3 && base[input.start] == 0xEF && base[input.start + 1] == 0xBB && base[input.start + 2] == 0xBF {
            input.start += 3
        }
    }

    private func skipLeadingLines() throws {
        for _ in 0..<options.skipLines {
            guard try input.discardThroughLineFeed() else { return }
            line += 1
        }
    }

    private func readHeader() throws {
        while true {
            switch parseNext() {
            case .needMore:
                if input.end - input.start > options.maxRecordBytes {
                    throw FeedReadError(code: .invalidHeader, file: input.path, line: line, message: "the header is longer than \(options.maxRecordBytes) bytes")
                }
                try fill()
            case let .blank(rawEnd, lineFeeds):
                input.start = rawEnd
                line += lineFeeds
            case .endOfInput:
                // An empty file has no header to check a mapping against; it
                // simply has no records.
                return
            case let .record(rawEnd, _, lineFeeds, _):
                columnNames = (0..<store.count).map { index in
                    store.bytes(index, input: input.base).map { String(decoding: $0, as: UTF8.self) } ?? ""
                }
                expectedFieldCount = columnNames.count
                input.start = rawEnd
                line += lineFeeds
                parser.resolveColumnMarkers(names: columnNames)
                try resolveSelection()
                return
            case .unterminatedQuote, .badCharacterAfterQuote, .blankBeforeQuote:
                throw FeedReadError(code: .invalidHeader, file: input.path, line: line, message: "the header row is not valid delimited text (check the quote and delimiter options)")
            }
        }
    }

    private func resolveSelection() throws {
        ignoredColumns = []
        // Positional columns have numbers, not names: records show them unnamed.
        recordNames = options.hasHeader || options.columnNames != nil ? columnNames : []
        guard let selection else { return }
        let indexes = try selection.resolve(columnNames: columnNames, file: input.path, line: options.hasHeader ? line - 1 : nil)
        columnIndex?.deallocate()
        let owned = UnsafeMutablePointer<Int>.allocate(capacity: max(indexes.count, 1))
        owned.initialize(from: indexes, count: indexes.count)
        columnIndex = owned
        recordNames = selection.recordNames
        let used = Set(indexes.filter { $0 >= 0 })
        ignoredColumns = columnNames.enumerated().filter { !used.contains($0.offset) }.map(\.element)
    }

    private func problem(highBit: Bool, contentEnd: Int) -> String? {
        if highBit {
            let start = input.base + input.start
            if options.encoding == .ascii {
                return nonASCII(from: input.start, to: contentEnd)
            }
            if let offset = UTF8Validation.firstInvalidOffset(start, count: contentEnd - input.start) {
                return UTF8Validation.reason(offset: offset, in: start, count: contentEnd - input.start)
            }
        }
        if let expected = expectedFieldCount, store.count != expected, options.ragged == .strict {
            return "expected \(expected) fields, found \(store.count)"
        }
        return nil
    }

    /// Under the lenient policy: pads a short record with NULLs or drops the
    /// extra fields, and says which, for the record's warning.
    private func evenOut(to expected: Int) -> String {
        let found = store.count
        if found < expected {
            for _ in found..<expected { store.appendInput(start: 0, length: -1) }
            return "expected \(expected) fields, found \(found); the missing \(expected - found) read as NULL"
        }
        store.setCount(expected)
        return "expected \(expected) fields, found \(found); the extra \(found - expected) ignored"
    }

    /// The reject reason for the first byte ≥ 0x80 of an ASCII feed: its
    /// value, its offset in the record and the field it falls in.
    private func nonASCII(from start: Int, to end: Int) -> String? {
        var offset = start
        while offset < end && input.base[offset] < 0x80 { offset += 1 }
        guard offset < end else { return nil }
        var field = store.count
        for index in 0..<store.count {
            guard let bytes = store.bytes(index, input: input.base), store.starts[index] >= 0 else { continue }
            let fieldStart = store.starts[index]
            if offset < fieldStart { field = index; break }
            if offset < fieldStart + bytes.count { field = index + 1; break }
        }
        let where_ = field >= 1 && field <= store.count ? " (field \(field))" : ""
        return "non-ASCII byte \(UTF8Validation.hexByte(input.base[offset])) at byte \(offset - start + 1) of the record\(where_); the feed's encoding is ascii"
    }

    private func makeRecord(contentEnd: Int) -> FeedRecord {
        FeedRecord(
            context: context, recordNumber: recordNumber, line: line, input: input.base,
            rawStart: input.start, rawCount: contentEnd - input.start,
            columnIndex: columnIndex.map { UnsafePointer($0) },
            selectedCount: selection?.columns.count ?? 0)
    }

    private func reject(reason: String, to contentEnd: Int) -> FeedReject {
        FeedReject(file: input.path, recordNumber: recordNumber, line: line, reason: reason, raw: input.copy(from: input.start, to: min(contentEnd, input.start + FeedReject.maxRawBytes)))
    }

    /// Rejects the record's first physical line and resumes after it: the
    /// remedy for a quote that never closes, which would otherwise swallow
    /// every record after it.
    private func rejectFirstLine(reason: String, _ onReject: (FeedReject) throws -> Void) throws {
        let stop = parser.recordEnd(input.base, from: input.start, end: input.end)
        let rawEnd = stop?.rawEnd ?? input.end
        try onReject(reject(reason: reason, to: stop?.contentEnd ?? input.end))
        line += stop == nil ? 1 : input.countLineFeeds(from: input.start, to: rawEnd)
        input.start = rawEnd
    }

    private func rejectOversized(_ onReject: (FeedReject) throws -> Void) throws {
        recordNumber += 1
        let reason = "line \(line): record longer than \(options.maxRecordBytes) bytes (an unclosed quote?); the reader resumes on the next line"
        if parser.recordEnd(input.base, from: input.start, end: input.end) != nil {
            try rejectFirstLine(reason: reason, onReject)
            return
        }
        // One physical line longer than the limit: keep its start, drop the rest.
        try onReject(reject(reason: reason, to: min(input.end, input.start + options.maxRecordBytes)))
        _ = try input.discardThroughLineFeed()
        line += 1
    }

    private func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : UTF8Validation.hexByte(byte)
    }
}
