/// One feed: what kind of data it carries, how its files are laid out, and
/// how their columns map to the kind's canonical fields. Read from YAML
/// (``FeedDefinition/init(yaml:name:file:)``) or built in code; a file whose
/// columns carry the canonical names works with a definition that has only a
/// kind.
public struct FeedDefinition: Equatable, Sendable {
    /// How this feed is referred to in the config, logs and the audit tables.
    public var name: String
    public var kind: FeedKind
    /// Nil: decided per file from its extension.
    public var format: FeedFormat?
    public var options: FormatOptions
    /// Canonical field → source column (CSV header name, or positional
    /// column number "1", "2", … without a header) or dotted JSON path.
    /// A canonical field not listed is looked up under its own name.
    public var mapping: [String: String]
    /// Canonical fields the source does not have at all (mapped to null).
    public var absentFields: Set<String>
    /// strftime-style patterns for date fields, tried after ISO 8601 (e.g. `%d.%m.%Y`).
    public var dateFormats: [String]
    /// Patterns for timestamp fields, tried in order.
    public var timestampFormats: [String]
    /// The IANA zone of timestamps that carry no offset (e.g. `Europe/Berlin`).
    public var timeZone: String
    /// ISO 3166 code for contacts without a country.
    public var defaultCountry: String?
    /// ISO 4217 code for transactions without a currency.
    public var defaultCurrency: String?
    /// `.` or `,` in decimal numbers.
    public var decimalSeparator: String
    /// Above this share of rejected records the whole file is refused (0…1).
    public var maxRejectRatio: Double?
    /// Glob of the files the nightly run picks up for this feed.
    public var inbox: String?

    public init(name: String, kind: FeedKind, format: FeedFormat? = nil, options: FormatOptions = FormatOptions(),
                mapping: [String: String] = [:], absentFields: Set<String> = [],
                dateFormats: [String] = [],
                timestampFormats: [String] = [],
                timeZone: String = "UTC", defaultCountry: String? = nil, defaultCurrency: String? = nil,
                decimalSeparator: String = ".", maxRejectRatio: Double? = nil, inbox: String? = nil) {
        self.name = name
        self.kind = kind
        self.format = format
        self.options = options
        self.mapping = mapping
        self.absentFields = absentFields
        self.dateFormats = dateFormats
        self.timestampFormats = timestampFormats
        self.timeZone = timeZone
        self.defaultCountry = defaultCountry
        self.defaultCurrency = defaultCurrency
        self.decimalSeparator = decimalSeparator
        self.maxRejectRatio = maxRejectRatio
        self.inbox = inbox
    }

    /// The built-in definition of a kind: canonical column names, CSV defaults.
    public static func canonical(_ kind: FeedKind) -> FeedDefinition {
        FeedDefinition(name: kind.rawValue, kind: kind)
    }

    /// The source column for each canonical field, in ``FeedKind/canonicalFields``
    /// order, so record field `i` is canonical field `i`. Explicitly mapped
    /// and required fields must exist in the file; other canonical names are
    /// optional (NULL when the file lacks them). Fields listed as absent are
    /// selected under a name no file has, and so always read as NULL.
    public func columnSelection() -> ColumnSelection {
        let required = Set(kind.requiredFields)
        return ColumnSelection(columns: kind.canonicalFields.map { field in
            if absentFields.contains(field) {
                return .init(name: "\u{0}absent:\(field)", isRequired: false, field: field)
            }
            if let source = mapping[field] {
                return .init(name: source, isRequired: true, field: field)
            }
            return .init(name: field, isRequired: required.contains(field), field: field)
        })
    }

    /// Opens `path` for this feed: its format and options, its columns selected
    /// in canonical order.
    public func reader(path: String, chunkSize: Int = FeedReader.defaultChunkSize) throws -> FeedReader {
        try FeedReader(path: path, format: format, options: options, selection: columnSelection(), chunkSize: chunkSize)
    }

    /// A reader of a file already opened (the loader's one descriptor).
    public func reader(file: FeedFile, chunkSize: Int = FeedReader.defaultChunkSize) throws -> FeedReader {
        try FeedReader(file: file, format: format, options: options, selection: columnSelection(), chunkSize: chunkSize)
    }
}
