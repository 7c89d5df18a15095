/// One record as read, lent to the caller's closure. Its byte views point into
/// the reader's buffers and are valid only during the callback; copy what you
/// keep (``string(at:)`` does).
///
/// Field indexes are the selected columns' indexes when the reader was given a
/// ``ColumnSelection`` (a feed mapping), else the file's own columns: header
/// order for CSV, document order of the flattened paths for JSON.
public struct FeedRecord {
    /// The file as the caller named it.
    public let file: String
    /// 1-based position among the file's records (header and skipped lines
    /// excluded, rejects included), the number rejects are reported under.
    public let recordNumber: Int
    /// The physical line (1-based) on which the record starts.
    public let line: Int

    let store: FieldStore
    let input: UnsafePointer<UInt8>
    let rawStart: Int
    let rawCount: Int
    /// Selected column → source field index (-1: not in this file).
    let columnIndex: UnsafePointer<Int>?
    let selectedCount: Int
    /// Names for the field indexes; nil means JSON paths kept in the store.
    let names: [String]?

    /// Number of fields.
    public var count: Int { columnIndex == nil ? store.count : selectedCount }

    /// The bytes of field `index` (UTF-8), or nil for NULL, a column the file
    /// lacks, a JSON path absent from this record, or an index out of range.
    @inline(__always)
    public func bytes(at index: Int) -> UnsafeRawBufferPointer? {
        var source = index
        if let columnIndex {
            guard index >= 0 && index < selectedCount else { return nil }
            source = columnIndex[index]
        }
        guard source >= 0 && source < store.count else { return nil }
        return store.bytes(source, input: input)
    }

    /// Whether field `index` is NULL or missing.
    public func isNull(at index: Int) -> Bool {
        bytes(at: index) == nil
    }

    /// Field `index` as a String; nil for NULL or missing.
    public func string(at index: Int) -> String? {
        guard let bytes = bytes(at: index) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The field named `name` (a header name, a dotted JSON path, or a
    /// selected column's name) as a String. A linear search: resolve names to
    /// indexes once per file (``ColumnSelection``) on hot paths.
    public func string(named name: String) -> String? {
        guard let index = index(named: name) else { return nil }
        return string(at: index)
    }

    /// The index of the field called `name`, if any.
    public func index(named name: String) -> Int? {
        for index in 0..<count where self.name(at: index) == name {
            return index
        }
        return nil
    }

    /// The name of field `index`: header name, dotted JSON path, or nil for a
    /// headerless file without column names.
    public func name(at index: Int) -> String? {
        if let names { return index >= 0 && index < names.count ? names[index] : nil }
        guard index >= 0 && index < store.nameSpans.count else { return nil }
        let (start, length) = store.nameSpans[index]
        return String(decoding: store.nameBytes[start..<(start + length)], as: UTF8.self)
    }

    /// The record's bytes exactly as read (after decompression and, for
    /// single-byte encodings, conversion to UTF-8), terminator excluded.
    public var rawBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: input + rawStart, count: rawCount)
    }
}

/// A record that could not be read. Reading continues after it.
public struct FeedReject: Equatable, Sendable {
    public var file: String
    /// 1-based position among the file's records, as for ``FeedRecord``.
    public var recordNumber: Int
    /// The physical line (1-based) on which the bad record starts.
    public var line: Int
    /// What is wrong, naming the line: "line 7: expected 14 fields, found 13".
    public var reason: String
    /// The record's bytes as read, for the reject file.
    public var raw: [UInt8]

    public init(file: String, recordNumber: Int, line: Int, reason: String, raw: [UInt8]) {
        self.file = file
        self.recordNumber = recordNumber
        self.line = line
        self.reason = reason
        self.raw = raw
    }

    /// The raw bytes as text, invalid UTF-8 replaced, for messages.
    public var rawText: String { String(decoding: raw, as: UTF8.self) }
}

/// What a reader saw in one file.
public struct ReadSummary: Equatable, Sendable {
    /// Records delivered to the record callback.
    public var records = 0
    /// Records delivered to the reject callback.
    public var rejects = 0
    /// Physical lines read (the last line counts even without a newline).
    public var lines = 0
    /// Bytes read after decompression.
    public var bytes = 0
}
