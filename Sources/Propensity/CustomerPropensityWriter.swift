import Foundation
import PostgresClient
import Scoring

/// Writes one row per scored customer to `dw.customer_propensity` with one
/// COPY, after deleting the rows of the same as-of date and version, so a
/// second run replaces rather than duplicates. The caller owns the transaction.
struct CustomerPropensityWriter {
    let connection: Connection

    /// - Parameters:
    ///   - buy: probabilities per horizon in days (30, 90), one per customer; absent when skipped.
    ///   - respond: probabilities per channel name, one per customer.
    ///   - tierMove: probabilities of a better and a worse value tier next month, one per customer; absent when skipped.
    func replace(
        customers: [String], buy: [Int: [Double]], respond: [(channel: String, probabilities: [Double])],
        tierMove: [TierMove: [Double]] = [:],
        asOf: CalendarDate, version: String, etlRunID: Int64?
    ) throws -> (deleted: Int, written: Int) {
        let deleted = try connection.query(
            "delete from dw.customer_propensity where as_of = $1::date and model_version = $2", [asOf.description, version]
        ).affectedRows
        let constant = "\t\(asOf)\t\(Self.escaped(version))\t"
        let trailer = "\t\(etlRunID.map(String.init) ?? "\\N")\n"
        // JSON keys once, escaped for JSON and then for COPY.
        let keys = try respond.map { Self.escaped(try Self.jsonString($0.channel)) }
        let p30 = buy[30], p90 = buy[90]
        let up = tierMove[.up], down = tierMove[.down]
        let written = try connection.copyFrom(
            """
            copy dw.customer_propensity (customer_id, as_of, model_version, p_buy_30d, p_buy_90d, p_respond, etl_run_id,
                p_tier_up, p_tier_down)
            from stdin
            """
        ) { writer in
            for (i, customer) in customers.enumerated() {
                var line = Self.escaped(customer) + constant
                line += p30.map { "\($0[i])" } ?? "\\N"
                line += "\t"
                line += p90.map { "\($0[i])" } ?? "\\N"
                line += "\t"
                if respond.isEmpty {
                    line += "\\N"
                } else {
                    line += "{"
                    for (k, channel) in respond.enumerated() {
                        if k > 0 { line += ", " }
                        line += keys[k] + ": \(channel.probabilities[i])"
                    }
                    line += "}"
                }
                line += trailer.dropLast()
                line += "\t" + (up.map { "\($0[i])" } ?? "\\N")
                line += "\t" + (down.map { "\($0[i])" } ?? "\\N")
                try writer.write(line + "\n")
            }
        }
        return (deleted, written)
    }

    static func jsonString(_ text: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed]), as: UTF8.self)
            .dropFirst().dropLast().description
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
