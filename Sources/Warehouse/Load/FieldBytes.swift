import Feeds
import Pipeline
import PostgresClient

/// Byte-level access to a record's fields for the stagers: an absent
/// (NULL) field reads as empty, text is trimmed before it is stored.
extension FeedRecord {
    @inline(__always)
    func field(_ index: Int) -> UnsafeRawBufferPointer {
        bytes(at: index) ?? UnsafeRawBufferPointer(start: nil, count: 0)
    }

    /// The trimmed field, or nil when it is NULL or blank.
    @inline(__always)
    func text(_ index: Int) -> UnsafeRawBufferPointer? {
        let trimmed = FieldBytes.trimmed(field(index))
        return trimmed.isEmpty ? nil : trimmed
    }

    func trimmedString(_ index: Int) -> String? {
        text(index).map { String(decoding: $0, as: UTF8.self) }
    }
}

enum FieldBytes {
    static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        ASCII.trimmed(bytes)
    }

    /// Whether `bytes` equals one of the lower-case ASCII `words`, ignoring case.
    static func equalsAny(_ bytes: UnsafeRawBufferPointer, _ words: [String]) -> Bool {
        words.contains { word in
            word.utf8.count == bytes.count
                && zip(word.utf8, bytes).allSatisfy { $0 == ASCII.lower($1) }
        }
    }

    /// Appends a text field lower-cased (ASCII letters only), for channel
    /// names that sources spell as they like ("Web", "WEB").
    static func appendLowercasedText(_ bytes: UnsafeRawBufferPointer?, to buffer: inout [UInt8]) {
        guard let bytes else { return BinaryCopy.appendNull(to: &buffer) }
        BinaryCopy.appendField(to: &buffer) { appendLowercased(bytes, to: &$0) }
    }

    /// Appends `bytes` with ASCII letters lower-cased.
    static func appendLowercased(_ bytes: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        for byte in bytes { buffer.append(ASCII.lower(byte)) }
    }
}
