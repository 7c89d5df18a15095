/// Reads NDJSON (one object per line) and JSON array files. Each record is
/// one object; a bad one becomes a reject and reading goes on with the next
/// line or array element.
final class JSONReader: RecordReader {
    let input: ChunkedInput
    let options: FormatOptions
    let parser: JSONObjectParser
    let store = FieldStore()
    private let arrayExpected: Bool
    private let selection: ColumnSelection?
    private let selectedNames: [String]?
    private let identityIndex: UnsafeMutablePointer<Int>?
    private let context: RecordContext
    private let selectedCount: Int
    @exclusivity(unchecked) var line = 1
    @exclusivity(unchecked) var recordNumber = 0
    /// Open brackets of the array element being scanned.
    var closers: [UInt8] = []

    let columnNames: [String] = []
    /// With a selection: the paths of the first good record that nothing
    /// selects, so the loader can list them once as CSV headers are listed.
    private(set) var ignoredColumns: [String] = []
    private var checkedIgnored = false

    init(input: ChunkedInput, options: FormatOptions, arrayExpected: Bool, selection: ColumnSelection?) {
        self.input = input
        self.options = options
        self.arrayExpected = arrayExpected
        self.selection = selection
        selectedNames = selection?.recordNames
        parser = JSONObjectParser(store: store, selectedPaths: selection?.columns.map(\.name))
        context = RecordContext(file: input.path, store: store, names: selectedNames)
        selectedCount = selection?.columns.count ?? 0
        // Slots already are the selected order; the record maps i → i.
        if let count = selection?.columns.count {
            identityIndex = .allocate(capacity: max(count, 1))
            for index in 0..<count { identityIndex![index] = index }
        } else {
            identityIndex = nil
        }
    }

    deinit {
        identityIndex?.deallocate()
    }

    func run(_ summary: inout ReadSummary, onRecord: (FeedRecord) throws -> Void, onReject: (FeedReject) throws -> Void) throws {
        try input.ensure(3)
        let base = input.base
        if input.end - input.start >= 3 && base[input.start] == 0xEF && base[input.start + 1] == 0xBB && base[input.start + 2] == 0xBF {
            input.start += 3
        }
        var records = 0
        let counting: (FeedRecord) throws -> Void = { record in
            records += 1
            try onRecord(record)
        }
        if arrayExpected, try skipWhitespace(), input.start < input.end, input.base[input.start] == UInt8(ascii: "[") {
            try readArray(onRecord: counting, onReject: onReject)
        } else {
            // NDJSON, or a .json file that holds objects rather than an array.
            try readLines(onRecord: counting, onReject: onReject)
        }
        summary.records = records
        summary.lines = line - 1 + (input.endsWithoutLineFeed ? 1 : 0)
    }

    func fill() throws -> Bool {
        do {
            return try input.fill()
        } catch var error as FeedReadError {
            error.line = line
            throw error
        }
    }

    /// Skips whitespace, counting lines; leaves `input.start` on the next byte
    /// (or at the end). Returns true so it can sit in a condition list.
    func skipWhitespace() throws -> Bool {
        while true {
            while input.start < input.end {
                let byte = input.base[input.start]
                if byte == 10 { line += 1 } else if !(byte == 32 || byte == 9 || byte == 13) { return true }
                input.start += 1
            }
            if try !fill() { return true }
        }
    }

    /// Parses `[start, end)` as one record object; hands out the record or a
    /// reject. `raw` is the record's bytes for rejects and `rawBytes`.
    func deliver(start: Int, end: Int, rawEnd: Int, onRecord: (FeedRecord) throws -> Void, onReject: (FeedReject) throws -> Void) throws {
        recordNumber += 1
        let base = input.base
        let count = end - start
        if options.encoding == .ascii && !UTF8Validation.isASCII(base + start, count: count) {
            var offset = 0
            while base[start + offset] < 0x80 { offset += 1 }
            let reason = "line \(lineOf(offset: start + offset, from: start)): non-ASCII byte \(UTF8Validation.hexByte(base[start + offset])) at byte \(offset + 1) of the record; the feed's encoding is ascii"
            try onReject(reject(reason: reason, from: start, to: rawEnd))
            return
        }
        if !UTF8Validation.isASCII(base + start, count: count),
           let offset = UTF8Validation.firstInvalidOffset(base + start, count: count) {
            let reason = "line \(lineOf(offset: start + offset, from: start)): \(UTF8Validation.reason(offset: offset, in: base + start, count: count))"
            try onReject(reject(reason: reason, from: start, to: rawEnd))
            return
        }
        do {
            try parser.parseRecord(base, start: start, end: end)
        } catch let error as JSONObjectParser.SyntaxError {
            let errorLine = lineOf(offset: error.offset, from: start)
            let column = error.offset - (input.lastLineFeed(before: error.offset, notBefore: start).map { $0 + 1 } ?? start) + 1
            let reason = "line \(errorLine), column \(column): invalid JSON: \(error.message)"
            try onReject(reject(reason: reason, from: start, to: rawEnd))
            return
        }
        if !checkedIgnored { noteIgnoredPaths(base, start: start, end: end) }
        try onRecord(FeedRecord(
            context: context, recordNumber: recordNumber, line: line, input: base,
            rawStart: start, rawCount: rawEnd - start,
            columnIndex: identityIndex.map { UnsafePointer($0) }, selectedCount: selectedCount))
    }

    /// Parses the first good record once more, keeping every path, and lists
    /// those no selected path equals or contains.
    private func noteIgnoredPaths(_ base: UnsafePointer<UInt8>, start: Int, end: Int) {
        checkedIgnored = true
        guard let selection else { return }
        let everything = FieldStore()
        guard (try? JSONObjectParser(store: everything, selectedPaths: nil).parseRecord(base, start: start, end: end)) != nil else { return }
        let selected = selection.columns.map(\.name)
        ignoredColumns = (0..<everything.count).compactMap { everything.name($0) }.filter { path in
            !selected.contains { $0 == path || path.hasPrefix($0 + ".") }
        }
    }

    func reject(reason: String, from start: Int, to end: Int) -> FeedReject {
        FeedReject(file: input.path, recordNumber: recordNumber, line: line, reason: reason, raw: input.copy(from: start, to: min(end, start + FeedReject.maxRawBytes)))
    }

    /// The physical line of byte `offset` of a record starting at `start` on `line`.
    func lineOf(offset: Int, from start: Int) -> Int {
        line + input.countLineFeeds(from: start, to: min(offset, input.end))
    }
}
