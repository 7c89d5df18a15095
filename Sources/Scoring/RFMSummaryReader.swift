import Analytics
import PostgresClient
import Warehouse

/// Reads the per-customer RFM summary (`sql/clv/rfm_summary.sql`) from the facts.
///
/// The query returns day counts; they become model time only here, through
/// `RFMSummaryRow(…recencyDays:ageDays:…unit:)`, so the unit is always explicit.
/// Rows are streamed through a cursor in batches: memory holds the summary, never
/// a second copy of it as one huge result.
public struct RFMSummaryReader {
    let connection: Connection
    let sql: SQLDirectory
    /// Rows per FETCH: large enough that round trips do not matter.
    var batchSize = 50_000

    public init(connection: Connection, sql: SQLDirectory) {
        self.connection = connection
        self.sql = sql
    }

    /// The summary at `asOf` (inclusive), days taken in `timeZone`, times in `unit`.
    /// Must run inside a transaction (the cursor lives until its end).
    public func summary(asOf: CalendarDate, timeZone: String, unit: TimeUnit) throws -> RFMSummary {
        try read(asOf: asOf, holdoutEnd: nil, timeZone: timeZone, unit: unit).summary
    }

    /// The summary at `asOf` and, in the order of its rows, each customer's repeat
    /// purchases (distinct purchase days) in (asOf, holdoutEnd], 0 for a customer without
    /// any: both from one pass over the lines. Must run inside a transaction.
    public func summary(
        asOf: CalendarDate, holdoutEnd: CalendarDate, timeZone: String, unit: TimeUnit
    ) throws -> (summary: RFMSummary, holdoutPurchases: [Int]) {
        try read(asOf: asOf, holdoutEnd: holdoutEnd, timeZone: timeZone, unit: unit)
    }

    private func read(
        asOf: CalendarDate, holdoutEnd: CalendarDate?, timeZone: String, unit: TimeUnit
    ) throws -> (summary: RFMSummary, holdoutPurchases: [Int]) {
        var rows: [RFMSummaryRow] = []
        var holdout: [Int] = []
        try stream(
            try sql.text("clv/rfm_summary.sql"), [asOf.description, timeZone, holdoutEnd?.description]
        ) { result, row in
            guard let id = result.string(row, 0), let frequency = result.int(row, 1),
                let recencyDays = result.double(row, 2), let ageDays = result.double(row, 3),
                let monetaryText = result.string(row, 4), let holdoutPurchases = result.int(row, 5)
            else {
                throw WarehouseError(.load, "clv/rfm_summary.sql returned an incomplete row \(result.rows[row])")
            }
            rows.append(
                RFMSummaryRow(
                    customerID: id, frequency: frequency, recencyDays: recencyDays, ageDays: ageDays,
                    monetary: try RFMSummaryRow.monetaryValue(fromDecimal: monetaryText), unit: unit))
            holdout.append(holdoutPurchases)
        }
        return (RFMSummary(unit: unit, rows: rows), holdout)
    }

    /// Runs `query` through a cursor and hands every row to `body`.
    func stream(
        _ query: String, _ parameters: [String?], _ body: (QueryResult, Int) throws -> Void
    ) throws {
        let cursor = "crmwh_clv_rows"
        // The summary sorts every fact line once. PostgreSQL's default work_mem (4MB)
        // spills that sort to disk; up to 256MB keeps a million lines in memory and
        // the summary about a third faster. `true`: for this transaction only.
        try connection.execute(
            """
            select set_config('work_mem', '256MB', true)
            from pg_settings where name = 'work_mem' and setting::bigint < 262144
            """)
        // DECLARE takes the $n parameters of its query like any other statement.
        try connection.query("declare \(cursor) no scroll cursor for \(query)", parameters)
        defer { _ = try? connection.execute("close \(cursor)") }
        while true {
            let batch = try connection.execute("fetch forward \(batchSize) from \(cursor)")
            for row in 0..<batch.rowCount { try body(batch, row) }
            if batch.rowCount < batchSize { break }
        }
    }
}
