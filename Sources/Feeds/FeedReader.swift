/// Implemented by each format's reader.
protocol RecordReader: AnyObject {
    var columnNames: [String] { get }
    var ignoredColumns: [String] { get }
    func run(_ summary: inout ReadSummary, onRecord: (FeedRecord) throws -> Void, onReject: (FeedReject) throws -> Void) throws
}

/// Reads one feed file of any format, gzip or not, as a stream of records and
/// rejects.
///
/// ```swift
/// let reader = try FeedReader(path: "orders.csv.gz", selection: definition.columnSelection())
/// let summary = try reader.read { record in
///     let orderID = record.bytes(at: 0)   // selected column 0, nil = NULL
/// } onReject: { reject in
///     print(reject.reason)
/// }
/// ```
public final class FeedReader {
    public let path: String
    public let format: FeedFormat
    public let options: FormatOptions
    private let reader: RecordReader
    private let input: ChunkedInput
    private var used = false

    /// The usual read size; records may span chunks.
    public static let defaultChunkSize = 1 << 20

    /// Opens `path`. The format defaults to the file name's extension (`.gz`
    /// stripped); `.gz` files are inflated while read. With a `selection`,
    /// record fields are the selected columns in order.
    /// Throws ``FeedReadError`` if the file cannot be opened or the options conflict.
    public convenience init(path: String, format: FeedFormat? = nil, options: FormatOptions = FormatOptions(),
                selection: ColumnSelection? = nil, chunkSize: Int = FeedReader.defaultChunkSize) throws {
        if format == nil && FeedFormat(fileName: path) == nil {
            throw FeedReadError(code: .invalidOptions, file: path, message: "cannot tell the format from the file name; give it (csv, tsv, ndjson or json)")
        }
        try self.init(file: try FeedFile(path: path), format: format, options: options, selection: selection, chunkSize: chunkSize)
    }

    /// Reads a file already opened (its descriptor, up to the size it had then).
    public convenience init(file: FeedFile, format: FeedFormat? = nil, options: FormatOptions = FormatOptions(),
                            selection: ColumnSelection? = nil, chunkSize: Int = FeedReader.defaultChunkSize) throws {
        let path = file.path
        guard let format = format ?? FeedFormat(fileName: path) else {
            throw FeedReadError(code: .invalidOptions, file: path, message: "cannot tell the format from the file name; give it (csv, tsv, ndjson or json)")
        }
        var source: ByteSource = FileByteSource(file: file)
        if FeedFormat.isGzip(path: path) { source = try GzipByteSource(inner: source, path: path) }
        try self.init(source: source, path: path, format: format, options: options, selection: selection, chunkSize: chunkSize)
    }

    /// Reads bytes already in memory, named `name` in records and errors.
    public convenience init(bytes: [UInt8], name: String, format: FeedFormat, options: FormatOptions = FormatOptions(),
                            selection: ColumnSelection? = nil, chunkSize: Int = FeedReader.defaultChunkSize) throws {
        try self.init(source: MemoryByteSource(bytes), path: name, format: format, options: options, selection: selection, chunkSize: chunkSize)
    }

    init(source: ByteSource, path: String, format: FeedFormat, options: FormatOptions,
         selection: ColumnSelection?, chunkSize: Int) throws {
        try options.validate(format: format, file: path)
        self.path = path
        self.format = format
        self.options = options
        var source = source
        if options.encoding == .latin1 || options.encoding == .windows1252 {
            source = TranscodingByteSource(inner: source, encoding: options.encoding, chunkSize: chunkSize)
        }
        input = ChunkedInput(source: source, path: path, chunkSize: chunkSize)
        switch format {
        case .csv, .tsv:
            reader = CSVReader(input: input, options: options, format: format, selection: selection)
        case .ndjson, .json:
            reader = JSONReader(input: input, options: options, arrayExpected: format == .json, selection: selection)
        }
    }

    /// The file's column names once reading has started: the header (or
    /// `columnNames`, or "1", "2", … for positional columns). Empty for JSON.
    public var columnNames: [String] { reader.columnNames }

    /// Header columns no selected column uses (for JSON: paths of the first
    /// good record that no selected path covers), available from the first
    /// callback on; the loader lists them once in its log.
    public var ignoredColumns: [String] { reader.ignoredColumns }

    /// Reads the whole file, calling `onRecord` for each good record and
    /// `onReject` for each bad one, in file order. Throws ``FeedReadError``
    /// only when the file as a whole cannot be read (errors thrown by the
    /// callbacks are passed through). A reader reads once.
    @discardableResult
    public func read(_ onRecord: (FeedRecord) throws -> Void, onReject: (FeedReject) throws -> Void) throws -> ReadSummary {
        guard !used else {
            throw FeedReadError(code: .invalidOptions, file: path, message: "a FeedReader reads its file once; open a new one to read again")
        }
        used = true
        var summary = ReadSummary()
        var rejects = 0
        try reader.run(&summary, onRecord: onRecord) { reject in
            rejects += 1
            try onReject(reject)
        }
        summary.rejects = rejects
        summary.bytes = input.totalBytes
        return summary
    }
}
