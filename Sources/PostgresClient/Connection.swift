import CLibPQ
import Foundation

/// One libpq connection. Owns its `PGconn` and closes it on deinit.
/// Not thread-safe: use one connection per task.
public final class Connection {
    let handle: OpaquePointer
    public let connectionString: ConnectionString

    /// Connects with a conninfo string or URI. An empty string lets libpq
    /// apply its own defaults (`PG*` variables, `.pgpass`, service files).
    public init(_ connectionString: ConnectionString) throws {
        self.connectionString = connectionString
        guard let handle = PQconnectdb(connectionString.raw) else {
            throw PostgresError(kind: .connection, message: "out of memory while connecting")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.trimmed(PQerrorMessage(handle))
            PQfinish(handle)
            throw PostgresError(
                kind: .connection,
                message: "could not connect to PostgreSQL: "
                    + connectionString.redact(Self.oneLine(message)))
        }
        self.handle = handle
        // Server notices ("relation already exists, skipping") would go to
        // stderr unasked; callers that want them read `notices`.
        PQsetNoticeReceiver(handle, { _, _ in }, nil)
        // Dates and timestamps come back as text that callers parse and
        // reports print: ISO whatever the server's or the role's DateStyle
        // ("SQL, DMY" would print 01/04/2025).
        try execute("set datestyle = 'ISO, YMD'")
    }

    public convenience init(_ conninfo: String) throws {
        try self.init(ConnectionString(conninfo))
    }

    deinit {
        PQfinish(handle)
    }

    /// Whether the connection is still usable.
    public var isOpen: Bool {
        PQstatus(handle) == CONNECTION_OK
    }

    /// The server's process id, used to tell one session from another.
    public var backendPID: Int32 {
        PQbackendPID(handle)
    }

    /// Runs one or more statements without parameters (migrations, DDL).
    /// Returns the result of the last statement.
    @discardableResult
    public func execute(_ sql: String) throws -> QueryResult {
        let result = QueryResult(PQexec(handle, sql), connection: self)
        try result.check()
        return result
    }

    /// Runs one statement with `$1…$n` parameters sent separately from the
    /// SQL text, so values never become part of a statement.
    @discardableResult
    public func query(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) throws -> QueryResult {
        let texts: [String?] = parameters.map { $0?.postgresText }
        let result = withCStringArray(texts) { values in
            QueryResult(
                PQexecParams(handle, sql, Int32(texts.count), nil, values, nil, nil, 0),
                connection: self)
        }
        try result.check()
        return result
    }

    /// The error libpq holds for this connection, as a `PostgresError`.
    func lastError(kind: PostgresError.Kind) -> PostgresError {
        let message = Self.trimmed(PQerrorMessage(handle))
        let lost = PQstatus(handle) != CONNECTION_OK
        return PostgresError(
            kind: lost ? .connection : kind,
            message: connectionString.redact(message.isEmpty ? "unknown libpq error" : message))
    }

    /// libpq's multi-line messages (tabs, newlines) folded into one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\t" }).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
    }

    static func trimmed(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Passes optional Swift strings to C as `const char * const *`, NULL for nil.
func withCStringArray<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } ?? nil }
    defer { pointers.forEach { free($0) } }
    return pointers.withUnsafeMutableBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(buffer.count, 1)) {
            body(strings.isEmpty ? nil : $0)
        }
    }
}
