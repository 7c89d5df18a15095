import Feeds
import Foundation
import Pipeline

/// What PostgreSQL would refuse for a single value, caught before COPY so it
/// rejects that record instead of failing the whole file: a NUL byte in any
/// value (22021, "invalid byte sequence for encoding UTF8: 0x00"; a JSON
/// `\u0000` decodes to one too), and a key longer than a B-tree index entry
/// may be (54000, "index row requires 10016 bytes").
struct RecordGuard {
    /// Longest key crmwh accepts, in bytes: far above any real id, far below
    /// the ~2,700 bytes a B-tree entry may take.
    static let maxKeyBytes = 256

    /// Fields that end up in a unique index or a join key.
    static let keyFields: Set<String> = [
        "customer_id", "order_id", "interaction_id", "sku", "campaign_code", "source_system", "currency",
    ]

    let fields: [String]
    private let isKey: [Bool]
    /// JSON values are decoded (`\u0000` becomes a NUL not in the raw bytes):
    /// each must be scanned. A CSV value's bytes are the record's own, so
    /// one scan of the raw record clears every value at once.
    private let decodesEscapes: Bool

    init(kind: FeedKind, format: FeedFormat) {
        fields = kind.canonicalFields
        isKey = fields.map { Self.keyFields.contains($0) }
        decodesEscapes = format == .json || format == .ndjson
    }

    /// Appends a reject issue for each value PostgreSQL would refuse;
    /// returns whether the record may be staged.
    func admits(_ record: FeedRecord, issues: inout [FieldIssue]) -> Bool {
        let raw = record.rawBytes
        let mayHoldNul = decodesEscapes || (raw.count > 0 && memchr(raw.baseAddress!, 0, raw.count) != nil)
        var admitted = true
        if let warning = record.readWarning {
            issues.append(FieldIssue(field: "record", value: "", rule: .recordRagged, message: warning, severity: .warning))
        }
        for index in 0..<min(record.count, fields.count) {
            guard let bytes = record.bytes(at: index), bytes.count > 0 else { continue }
            if mayHoldNul && memchr(bytes.baseAddress!, 0, bytes.count) != nil {
                issues.append(FieldIssue(
                    field: fields[index], value: RejectText.clean(bytes), rule: .textNul,
                    message: "contains a NUL byte (shown as \\0), which a text column cannot hold", severity: .reject))
                admitted = false
            } else if isKey[index] && bytes.count > Self.maxKeyBytes {
                issues.append(FieldIssue(
                    field: fields[index], value: RejectText.clean(bytes), rule: .keyTooLong,
                    message: "is \(bytes.count) bytes long; keys may be at most \(Self.maxKeyBytes) bytes", severity: .reject))
                admitted = false
            }
        }
        return admitted
    }
}

/// Text kept about a reject (value, reason, raw record): never a NUL byte
/// (shown as `\0`) and never more than `limit` bytes, so recording a bad
/// record can neither fail nor take unbounded memory.
enum RejectText {
    /// 64 KiB: a whole record of any sane feed, a bounded slice of a mad one.
    static let limit = 64 * 1024
    static let truncatedMark = "…[truncated]"

    static func clean(_ bytes: UnsafeRawBufferPointer, limit: Int = RejectText.limit) -> String {
        let cut = bytes.count > limit
        var text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes.prefix(limit)), as: UTF8.self)
        if text.utf8.contains(0) { text = text.replacingOccurrences(of: "\u{0}", with: "\\0") }
        return cut ? text + truncatedMark : text
    }

    static func clean(_ text: String, limit: Int = RejectText.limit) -> String {
        var utf8 = Array(text.utf8)
        if utf8.count <= limit && !utf8.contains(0) { return text }
        if utf8.count > limit { utf8.removeSubrange(limit...) }
        return utf8.withUnsafeBytes { clean($0, limit: limit) } + (text.utf8.count > limit ? truncatedMark : "")
    }
}
