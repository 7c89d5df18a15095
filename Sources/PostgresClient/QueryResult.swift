import CLibPQ

/// The result of one statement. Owns its `PGresult` and frees it on deinit.
/// Values are read in PostgreSQL's text format and converted on access.
public final class QueryResult {
    let handle: OpaquePointer?
    private let connection: Connection

    init(_ handle: OpaquePointer?, connection: Connection) {
        self.handle = handle
        self.connection = connection
    }

    deinit {
        if let handle { PQclear(handle) }
    }

    var status: ExecStatusType {
        handle.map { PQresultStatus($0) } ?? PGRES_FATAL_ERROR
    }

    /// Throws the server's error if the statement failed.
    func check() throws {
        switch status {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN, PGRES_COPY_OUT:
            return
        default:
            throw error(kind: .server)
        }
    }

    func error(kind: PostgresError.Kind) -> PostgresError {
        guard let handle else { return connection.lastError(kind: kind) }
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(handle, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let redact = connection.connectionString.redact
        let lost = PQstatus(connection.handle) != CONNECTION_OK
        return PostgresError(
            kind: lost ? .connection : kind,
            sqlState: field("C"),
            message: redact(field("M") ?? Connection.trimmed(PQresultErrorMessage(handle))),
            detail: field("D").map(redact),
            hint: field("H").map(redact),
            context: field("W").map(redact))
    }

    public var rowCount: Int {
        handle.map { Int(PQntuples($0)) } ?? 0
    }

    public var columnCount: Int {
        handle.map { Int(PQnfields($0)) } ?? 0
    }

    /// Rows touched by INSERT/UPDATE/DELETE/COPY, from the command tag.
    public var affectedRows: Int {
        guard let handle, let text = PQcmdTuples(handle) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }

    public var columnNames: [String] {
        (0..<columnCount).map { String(cString: PQfname(handle, Int32($0))) }
    }

    /// The index of a column by name, or nil.
    public func columnIndex(_ name: String) -> Int? {
        let index = Int(PQfnumber(handle, name))
        return index >= 0 ? index : nil
    }

    /// The type OID of a column, to tell numbers from text when rendering.
    public func columnType(_ column: Int) -> UInt32 {
        UInt32(PQftype(handle, Int32(column)))
    }

    public func isNull(_ row: Int, _ column: Int) -> Bool {
        PQgetisnull(handle, Int32(row), Int32(column)) == 1
    }

    public func string(_ row: Int, _ column: Int) -> String? {
        guard row < rowCount, column < columnCount, !isNull(row, column) else { return nil }
        return String(cString: PQgetvalue(handle, Int32(row), Int32(column)))
    }

    /// The value's text as bytes, without making a String (for results of
    /// many rows); nil for NULL. Valid only while this result lives.
    public func bytes(_ row: Int, _ column: Int) -> UnsafeRawBufferPointer? {
        guard row < rowCount, column < columnCount, !isNull(row, column) else { return nil }
        let length = Int(PQgetlength(handle, Int32(row), Int32(column)))
        return UnsafeRawBufferPointer(start: PQgetvalue(handle, Int32(row), Int32(column)), count: length)
    }

    /// An integer column read straight from its digits; nil for NULL or
    /// anything but an optionally signed run of digits.
    public func int64(_ row: Int, _ column: Int) -> Int64? {
        guard let text = bytes(row, column), !text.isEmpty else { return nil }
        let negative = text[0] == UInt8(ascii: "-")
        var value: Int64 = 0
        for byte in text.dropFirst(negative ? 1 : 0) {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times10, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.addingReportingOverflow(Int64(digit))
            guard !overflow, !overflow2 else { return nil }
            value = next
        }
        return negative ? -value : value
    }

    public func int(_ row: Int, _ column: Int) -> Int? {
        string(row, column).flatMap { Int($0) }
    }

    public func double(_ row: Int, _ column: Int) -> Double? {
        string(row, column).flatMap { Double($0) }
    }

    public func bool(_ row: Int, _ column: Int) -> Bool? {
        string(row, column).map { $0 == "t" }
    }

    /// All rows as text, nil for NULL; handy for small results.
    public var rows: [[String?]] {
        (0..<rowCount).map { row in (0..<columnCount).map { string(row, $0) } }
    }

    /// The first column of the first row, for single-value queries.
    public var scalar: String? {
        string(0, 0)
    }
}
