/// The one error type of the database layer. It keeps what the server said
/// (SQLSTATE, message, detail, hint, CONTEXT) and never any bound value or
/// password: messages that could echo a conninfo are redacted first.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// Could not connect, or the connection broke.
        case connection
        /// The server refused a statement (see `sqlState`).
        case server
        /// The COPY protocol failed on the client side.
        case copy
        /// Misuse of this API (for example a result read past its end).
        case usage
    }

    public var kind: Kind
    /// Five-character SQLSTATE, e.g. `23505` for a unique violation.
    public var sqlState: String?
    public var message: String
    public var detail: String?
    public var hint: String?
    /// The server's CONTEXT line; for COPY it names the failing input line,
    /// e.g. `COPY t, line 3, column n: "abc"`.
    public var context: String?

    public init(
        kind: Kind, sqlState: String? = nil, message: String,
        detail: String? = nil, hint: String? = nil, context: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.context = context
    }

    /// One line, for logs and terminals.
    public var description: String {
        var text = message
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail { text += "; detail: \(detail)" }
        if let hint { text += "; hint: \(hint)" }
        if let context { text += "; context: \(context)" }
        return text.replacingOccurrences(of: "\n", with: " ")
    }

    /// The 1-based input line named by a COPY error's CONTEXT, if any.
    public var copyLine: Int? {
        guard let context, let range = context.range(of: ", line ") else { return nil }
        let digits = context[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    /// Errors worth retrying after a pause: lost connections, an
    /// administrator shutdown, serialization failures and deadlocks.
    public var isTransient: Bool {
        if kind == .connection { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix(SQLState.connectionExceptionClass)
            || sqlState.hasPrefix(SQLState.operatorInterventionShutdownClass)
            || sqlState == SQLState.serializationFailure || sqlState == SQLState.deadlockDetected
    }
}
