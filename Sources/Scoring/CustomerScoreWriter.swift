import Analytics
import PostgresClient

/// Writes per-customer model outputs to `dw.customer_score` with one COPY, after
/// deleting the earlier scores of the same as-of date and model version, so a
/// second run replaces rather than duplicates. The caller owns the transaction.
struct CustomerScoreWriter {
    let connection: Connection

    /// Returns the number of rows written.
    func replaceScores(
        _ values: [CustomerValue], asOf: CalendarDate, modelVersion: String, horizonMonths: Int, etlRunID: Int64?
    ) throws -> (deleted: Int, written: Int) {
        let deleted = try connection.query(
            "delete from dw.customer_score where as_of = $1::date and model_version = $2",
            [asOf.description, modelVersion]
        ).affectedRows
        // Fields that are the same on every row, already in COPY text form.
        let constant = "\t\(asOf)\t\(Self.escaped(modelVersion))\t"
        let trailer = "\t\(horizonMonths)\t\(etlRunID.map(String.init) ?? "\\N")\n"
        let written = try connection.copyFrom(
            """
            copy dw.customer_score (
                customer_id, as_of, model_version, p_alive, expected_purchases,
                expected_avg_value, clv, horizon_months, etl_run_id
            ) from stdin
            """
        ) { writer in
            for value in values {
                // Double's description is the shortest text that reads back exactly.
                try writer.write(
                    Self.escaped(value.customerID) + constant + "\(value.probabilityAlive)\t\(value.expectedPurchases)\t"
                        + value.expectedAverageValueDecimalString + "\t" + value.clvDecimalString + trailer)
            }
        }
        return (deleted, written)
    }

    /// COPY text format: backslash, tab, newline and carriage return are escaped.
    static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var out = ""
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
