/// One record as read, lent to the caller's closure. Its byte views point into
/// the reader's buffers and are valid only during the callback; copy what you
/// keep (``string(at:)`` does).
///
/// Field indexes are the selected columns' indexes when the reader was given a
/// ``ColumnSelection`` (a feed mapping), else the file's own columns: header
/// order for CSV, document order of the flattened paths for JSON.
public struct FeedRecord {
    /// 1-based position among the file's records (header and skipped lines
    /// excluded, rejects included), the number rejects are reported under.
    public let recordNumber: Int
    /// The physical line (1-based) on which the record starts.
    public let line: Int

    // Plain pointers, so handing out a record and reading its fields costs no
    // reference counting; they stay valid for the duration of the callback.
    @usableFromInline let starts: UnsafePointer<Int>
    @usableFromInline let lengths: UnsafePointer<Int>
    @usableFromInline let fieldCount: Int
    @usableFromInline let input: UnsafePointer<UInt8>
    @usableFromInline let scratch: UnsafePointer<UInt8>
    /// Selected column → source field index (-1: not in this file).
    @usableFromInline let columnIndex: UnsafePointer<Int>?
    @usableFromInline let selectedCount: Int
    private unowned(unsafe) let context: RecordContext
    private let rawStart: Int
    private let rawCount: Int

    init(context: RecordContext, recordNumber: Int, line: Int, input: UnsafePointer<UInt8>,
         rawStart: Int, rawCount: Int, columnIndex: UnsafePointer<Int>?, selectedCount: Int) {
        let store = context.store
        self.context = context
        self.recordNumber = recordNumber
        self.line = line
        starts = UnsafePointer(store.starts)
        lengths = UnsafePointer(store.lengths)
        fieldCount = store.count
        scratch = UnsafePointer(store.scratch)
        self.input = input
        self.rawStart = rawStart
        self.rawCount = rawCount
        self.columnIndex = columnIndex
        self.selectedCount = selectedCount
    }

    /// The file as the caller named it.
    public var file: String { context.file }

    /// Number of fields.
    @inlinable
    public var count: Int { columnIndex == nil ? fieldCount : selectedCount }

    /// The bytes of field `index` (UTF-8), or nil for NULL, a column the file
    /// lacks, a JSON path absent from this record, or an index out of range.
    @inlinable @inline(__always)
    public func bytes(at index: Int) -> UnsafeRawBufferPointer? {
        var source = index
        if let columnIndex {
            guard index >= 0 && index < selectedCount else { return nil }
            source = columnIndex[index]
        }
        guard source >= 0 && source < fieldCount else { return nil }
        let length = lengths[source]
        if length < 0 { return nil }
        let start = starts[source]
        if start >= 0 { return UnsafeRawBufferPointer(start: input + start, count: length) }
        return UnsafeRawBufferPointer(start: scratch + (-start - 1), count: length)
    }

    /// Whether field `index` is NULL or missing.
    @inlinable
    public func isNull(at index: Int) -> Bool {
        bytes(at: index) == nil
    }

    /// Field `index` as a String; nil for NULL or missing.
    public func string(at index: Int) -> String? {
        guard let bytes = bytes(at: index) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The field named `name` as a String: a canonical field name when read
    /// through a feed definition, else a header name or dotted JSON path. A
    /// linear search; on hot paths use indexes (a ``ColumnSelection`` makes
    /// field `i` selected column `i`).
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

    /// The name of field `index`: canonical field, header name or dotted JSON
    /// path; nil for the positional columns of a headerless file.
    public func name(at index: Int) -> String? {
        if let names = context.names { return index >= 0 && index < names.count ? names[index] : nil }
        return context.store.name(index)
    }

    /// A problem the reader tolerated in this record (a ragged row read under
    /// the lenient policy); loaders count it as a warning. Nil for most records.
    public var readWarning: String? { context.warning }

    /// Whether fields have names (false only for positional columns).
    public var hasFieldNames: Bool {
        context.names.map { !$0.isEmpty } ?? true
    }

    /// The record's bytes exactly as read (after decompression and, for
    /// single-byte encodings, conversion to UTF-8), terminator excluded.
    public var rawBytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: input + rawStart, count: rawCount)
    }
}

/// What records of one file share, kept by the reader and referenced by each
/// record without reference counting.
final class RecordContext {
    let file: String
    let store: FieldStore
    /// Field names; nil means the JSON paths kept in the store.
    var names: [String]?
    /// The tolerated problem of the record being handed out, if any.
    var warning: String?

    init(file: String, store: FieldStore, names: [String]?) {
        self.file = file
        self.store = store
        self.names = names
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
    /// The record's bytes as read, for the reject file: at most
    /// ``maxRawBytes`` (a bad record can be 64 MiB; what is kept of it need not).
    public var raw: [UInt8]

    /// 64 KiB and one byte: what a reject keeps, plus one to show it was cut.
    public static let maxRawBytes = 64 * 1024 + 1

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
    /// Records delivered with a ``FeedRecord/readWarning`` (ragged rows read leniently).
    public var warnings = 0
}
