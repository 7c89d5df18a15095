/// The one error a feed reader throws: the file could not be read as a whole
/// (missing, unreadable, corrupt compression, a header that does not fit the
/// mapping). Problems with single records are never thrown; they become
/// ``FeedReject``s and reading goes on.
public struct FeedReadError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The broad class of failure, for callers that map errors to exit codes.
    public enum Code: String, Sendable {
        case fileNotFound
        case unreadable
        case corruptCompression
        case invalidHeader
        case missingColumn
        case invalidOptions
        /// The file's structure is broken (a JSON array missing a comma):
        /// records after the break cannot be found.
        case brokenStructure
    }

    public var code: Code
    /// The file as the caller named it.
    public var file: String
    /// The physical line (1-based) the reader had reached, when known.
    public var line: Int?
    /// What went wrong, phrased so the user knows what to fix.
    public var message: String

    public init(code: Code, file: String, line: Int? = nil, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
