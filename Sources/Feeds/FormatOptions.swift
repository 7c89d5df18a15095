/// How to read the bytes of one feed file. The defaults read RFC 4180 CSV with
/// a header row; JSON formats only look at `encoding` and `maxRecordBytes`.
public struct FormatOptions: Equatable, Sendable {
    /// The field separator; any single byte, tab included. Nil means the
    /// format's default: `,` for csv, tab for tsv.
    public var delimiter: UInt8?
    /// The quote byte, or nil for files without quoting (every byte is data).
    public var quote: UInt8? = UInt8(ascii: "\"")
    /// A delimiter of several bytes (`¦` is two in UTF-8); when set it
    /// replaces `delimiter`. ``setDelimiter(_:)`` picks the right one.
    public var wideDelimiter: [UInt8]? = nil
    /// A quote of several bytes; when set it replaces `quote`.
    public var wideQuote: [UInt8]? = nil
    /// What ends a record, when not a line break (LF or CRLF), e.g. `¶`.
    /// Line breaks are then data like any other byte.
    public var recordTerminator: [UInt8]? = nil
    public var escape: EscapeStyle = .doubled
    /// Records with fewer or more fields than the header: rejected (strict),
    /// or read with missing trailing fields as NULL and extra ones dropped.
    public var ragged: RaggedPolicy = .strict
    /// The first record (after `skipLines`) names the columns.
    public var hasHeader = true
    /// Names for the columns of a file without a header; otherwise headerless
    /// columns are named by position, "1", "2", …
    public var columnNames: [String]? = nil
    /// Physical lines to drop at the top, before the header (titles, export banners).
    public var skipLines = 0
    /// Unquoted field values that mean NULL. The empty string is among them by
    /// default; a quoted `""` is always an empty string, never NULL.
    /// Markers may hold byte escapes: `\0` is a NUL byte, `\xNN` any byte
    /// (see ``markerBytes(_:)``).
    public var nullMarkers: [String] = [""]
    /// More NULL markers for single columns, by source column name (header
    /// name, or position "1", "2", … without a header); they add to `nullMarkers`.
    public var columnNullMarkers: [String: [String]] = [:]
    /// Strip spaces and tabs around unquoted values and around quotes.
    public var trim = false
    public var encoding: SourceEncoding = .utf8
    /// A record longer than this is rejected and the reader resynchronises at the
    /// next line, so a stray quote cannot pull a whole file into memory.
    public var maxRecordBytes = 64 * 1024 * 1024

    public init() {}

    /// The delimiter in effect for `format`.
    public func effectiveDelimiter(for format: FeedFormat) -> UInt8 {
        delimiter ?? (format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ","))
    }

    /// The delimiter's bytes in effect for `format`, wide or not.
    public func delimiterBytes(for format: FeedFormat) -> [UInt8] {
        wideDelimiter ?? [effectiveDelimiter(for: format)]
    }

    /// The quote's bytes, or nil without quoting.
    public var quoteBytes: [UInt8]? {
        wideQuote ?? quote.map { [$0] }
    }

    /// Whether a separator of more than one byte, or a record terminator
    /// other than a line break, is set: such files take the general parser,
    /// the others the single-byte fast one.
    public var needsWideParser: Bool {
        wideDelimiter != nil || wideQuote != nil || recordTerminator != nil
    }

    /// Sets the delimiter from its bytes: one byte goes to `delimiter`, more to `wideDelimiter`.
    public mutating func setDelimiter(_ bytes: [UInt8]) {
        if bytes.count == 1 { delimiter = bytes[0]; wideDelimiter = nil } else { wideDelimiter = bytes; delimiter = nil }
    }

    /// Sets the quote from its bytes (nil: no quoting).
    public mutating func setQuote(_ bytes: [UInt8]?) {
        guard let bytes else { quote = nil; wideQuote = nil; return }
        if bytes.count == 1 { quote = bytes[0]; wideQuote = nil } else { wideQuote = bytes; quote = nil }
    }

    /// Parses a delimiter, quote or record terminator as written in configs
    /// and flags: the names `tab`, `comma`, `semicolon`, `pipe`, `space`, or
    /// text of up to 8 bytes in which `\t`, `\n`, `\r`, `\\` and `\xNN`
    /// stand for those bytes (`¦`, `||`, `¶\n`).
    public static func parseSeparator(_ text: String) -> [UInt8]? {
        if let byte = parseByte(text) { return [byte] }
        var bytes: [UInt8] = []
        var rest = Substring(text)
        while let character = rest.first {
            rest = rest.dropFirst()
            guard character == "\\", let next = rest.first else {
                bytes.append(contentsOf: Array(String(character).utf8))
                continue
            }
            rest = rest.dropFirst()
            switch next {
            case "t": bytes.append(9)
            case "n": bytes.append(10)
            case "r": bytes.append(13)
            case "\\": bytes.append(UInt8(ascii: "\\"))
            case "x":
                guard rest.count >= 2, let byte = UInt8(rest.prefix(2), radix: 16) else { return nil }
                bytes.append(byte)
                rest = rest.dropFirst(2)
            default: return nil
            }
        }
        return bytes.isEmpty || bytes.count > 8 ? nil : bytes
    }

    /// The bytes of a NULL marker: `\0` is a NUL byte and `\xNN` the byte
    /// NN (hex); any other backslash is itself, so `\N` stays `\N`.
    public static func markerBytes(_ text: String) -> [UInt8] {
        let utf8 = Array(text.utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\") && index + 1 < utf8.count {
                if utf8[index + 1] == UInt8(ascii: "0") {
                    bytes.append(0); index += 2; continue
                }
                if utf8[index + 1] == UInt8(ascii: "x") && index + 3 < utf8.count,
                   let byte = UInt8(String(decoding: utf8[(index + 2)...(index + 3)], as: UTF8.self), radix: 16) {
                    bytes.append(byte); index += 4; continue
                }
            }
            bytes.append(utf8[index])
            index += 1
        }
        return bytes
    }

    /// Parses a delimiter as written in configs and flags: one character, or
    /// `\t`, `tab`, `comma`, `semicolon`, `pipe`.
    public static func parseByte(_ text: String) -> UInt8? {
        switch text.lowercased() {
        case "\\t", "tab": return 9
        case "comma": return UInt8(ascii: ",")
        case "semicolon": return UInt8(ascii: ";")
        case "pipe": return UInt8(ascii: "|")
        case "space": return UInt8(ascii: " ")
        default:
            let bytes = Array(text.utf8)
            return bytes.count == 1 ? bytes[0] : nil
        }
    }

    /// Checks combinations that cannot be read unambiguously.
    func validate(format: FeedFormat, file: String) throws {
        func fail(_ message: String) -> FeedReadError {
            FeedReadError(code: .invalidOptions, file: file, message: message)
        }
        if needsWideParser {
            try validateWide(format: format, fail: fail)
        } else {
            try validateSingleByte(format: format, fail: fail)
        }
        if skipLines < 0 { throw fail("skip_lines cannot be negative") }
        if maxRecordBytes < 1024 { throw fail("max_record_bytes must be at least 1024") }
    }

    private func validateSingleByte(format: FeedFormat, fail: (String) -> FeedReadError) throws {
        let delimiter = effectiveDelimiter(for: format)
        let special: [UInt8] = [10, 13]
        if special.contains(delimiter) { throw fail("the delimiter cannot be a line break") }
        if let quote {
            if quote == delimiter { throw fail("the quote and the delimiter must differ") }
            if special.contains(quote) { throw fail("the quote cannot be a line break") }
        }
        if escape != .doubled && (delimiter == UInt8(ascii: "\\") || quote == UInt8(ascii: "\\")) {
            throw fail("backslash escaping needs a delimiter and quote other than backslash")
        }
    }

    private func validateWide(format: FeedFormat, fail: (String) -> FeedReadError) throws {
        let delimiter = delimiterBytes(for: format)
        let terminator = recordTerminator
        if terminator == nil && (delimiter.contains(10) || delimiter.contains(13)) {
            throw fail("the delimiter cannot hold a line break (unless a record_terminator is set)")
        }
        if let terminator {
            if terminator.isEmpty { throw fail("the record terminator cannot be empty") }
            if Self.overlaps(terminator, delimiter) { throw fail("the record terminator and the delimiter must differ (neither may start the other)") }
        }
        if let quote = quoteBytes {
            if Self.overlaps(quote, delimiter) { throw fail("the quote and the delimiter must differ (neither may start the other)") }
            if let terminator, Self.overlaps(quote, terminator) { throw fail("the quote and the record terminator must differ") }
            if terminator == nil && (quote.contains(10) || quote.contains(13)) { throw fail("the quote cannot be a line break") }
        }
        if escape != .doubled && (delimiter.contains(UInt8(ascii: "\\")) || quoteBytes?.contains(UInt8(ascii: "\\")) == true) {
            throw fail("backslash escaping needs a delimiter and quote other than backslash")
        }
    }

    /// Whether one byte sequence starts the other (so they cannot be told apart).
    private static func overlaps(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.starts(with: b) || b.starts(with: a)
    }
}
