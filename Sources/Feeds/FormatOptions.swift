/// How to read the bytes of one feed file. The defaults read RFC 4180 CSV with
/// a header row; JSON formats only look at `encoding` and `maxRecordBytes`.
public struct FormatOptions: Equatable, Sendable {
    /// The field separator; any single byte, tab included. Nil means the
    /// format's default: `,` for csv, tab for tsv.
    public var delimiter: UInt8?
    /// The quote byte, or nil for files without quoting (every byte is data).
    public var quote: UInt8? = UInt8(ascii: "\"")
    public var escape: EscapeStyle = .doubled
    /// The first record (after `skipLines`) names the columns.
    public var hasHeader = true
    /// Names for the columns of a file without a header; otherwise headerless
    /// columns are named by position, "1", "2", …
    public var columnNames: [String]? = nil
    /// Physical lines to drop at the top, before the header (titles, export banners).
    public var skipLines = 0
    /// Unquoted field values that mean NULL. The empty string is among them by
    /// default; a quoted `""` is always an empty string, never NULL.
    public var nullMarkers: [String] = [""]
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
        let delimiter = effectiveDelimiter(for: format)
        let special: [UInt8] = [10, 13]
        func fail(_ message: String) -> FeedReadError {
            FeedReadError(code: .invalidOptions, file: file, message: message)
        }
        if special.contains(delimiter) { throw fail("the delimiter cannot be a line break") }
        if let quote {
            if quote == delimiter { throw fail("the quote and the delimiter must differ") }
            if special.contains(quote) { throw fail("the quote cannot be a line break") }
        }
        if escape == .backslash && (delimiter == UInt8(ascii: "\\") || quote == UInt8(ascii: "\\")) {
            throw fail("backslash escaping needs a delimiter and quote other than backslash")
        }
        if skipLines < 0 { throw fail("skip_lines cannot be negative") }
        if maxRecordBytes < 1024 { throw fail("max_record_bytes must be at least 1024") }
    }
}
