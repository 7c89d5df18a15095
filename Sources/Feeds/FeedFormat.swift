/// The layout of a feed file.
public enum FeedFormat: String, Sendable, CaseIterable {
    /// Delimited text, comma by default (RFC 4180 and its real-world dialects).
    case csv
    /// Delimited text with a tab as the default delimiter.
    case tsv
    /// One JSON object per line.
    case ndjson
    /// A JSON array of objects (a file starting with `{` is read as NDJSON).
    case json

    /// The format a file name implies, with a trailing `.gz` ignored:
    /// `orders.csv.gz` → csv, `events.jsonl` → ndjson. Nil when unknown.
    public init?(fileName: String) {
        var name = fileName.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...] {
        case "csv", "txt": self = .csv
        case "tsv", "tab": self = .tsv
        case "ndjson", "jsonl": self = .ndjson
        case "json": self = .json
        default: return nil
        }
    }

    /// Whether the file is read as gzip, decided by its name.
    static func isGzip(path: String) -> Bool {
        path.lowercased().hasSuffix(".gz")
    }
}

/// How a quoted field writes a quote character inside itself.
public enum EscapeStyle: String, Sendable {
    /// RFC 4180: `"She said ""hi"""`.
    case doubled
    /// `\"` and `\\`, also `\t`, `\n`, `\r` for control characters, in quoted
    /// and unquoted fields (MySQL and many exporters).
    case backslash
    /// Inside quotes only, `\"` is a quote and `\\` right before a quote is
    /// one backslash; every other backslash is data (`"C:\temp"` stays
    /// `C:\temp`), and unquoted values are taken as written.
    case backslashQuote = "backslash-quote"
}

/// What a delimited record with the wrong number of fields becomes.
public enum RaggedPolicy: String, Sendable {
    /// A reject naming the expected and found counts.
    case strict
    /// Missing trailing fields read as NULL, extra fields are dropped; the
    /// record is kept and carries a warning (``FeedRecord/readWarning``).
    case lenient
}
