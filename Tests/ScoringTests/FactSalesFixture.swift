import Foundation
import PostgresClient
import Scoring

/// One order line as the CLV summary sees it.
struct SaleLine {
    var customerID: String
    /// Seconds since 1970-01-01 UTC.
    var orderedAt: Int
    /// Base-currency amount, in cents (exact, like the numeric column).
    var amountCents: Int
    var isReturn = false
    /// The order the line belongs to; nil: an order of its own ("O" and the line's position).
    var orderID: String? = nil
    var lineNo = 1
}

/// Writes sale lines straight into `dw.fact_sales` (unknown product, channel and
/// campaign; the unknown customer version, since the summary reads customer_id).
enum FactSalesFixture {
    static func insert(_ lines: [SaleLine], into connection: Connection) throws {
        try connection.copyFrom(
            """
            copy dw.fact_sales (
                order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key,
                channel_key, campaign_key, quantity, unit_price, amount, currency, amount_base,
                is_return, etl_run_id, etl_file_id
            ) from stdin
            """
        ) { writer in
            for (number, line) in lines.enumerated() {
                let amount = decimal(line.amountCents)
                let quantity = line.isReturn ? "-1" : "1"
                try writer.write(
                    "\(line.orderID ?? "O\(number)")\t\(line.lineNo)\t\(dateKey(line.orderedAt))\t\(timestamp(line.orderedAt))\t-1\t\(line.customerID)\t-1\t-1\t-1\t"
                        + "\(quantity)\t\(decimal(abs(line.amountCents)))\t\(amount)\tEUR\t\(amount)\t\(line.isReturn ? "t" : "f")\t1\t1\n")
            }
        }
    }

    static func decimal(_ cents: Int) -> String {
        let magnitude = abs(cents)
        let fraction = magnitude % 100
        return "\(cents < 0 ? "-" : "")\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func timestamp(_ seconds: Int) -> String {
        let time = seconds % 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(CalendarDate(daysSinceEpoch: seconds / 86_400)) \(two(time / 3600)):\(two(time / 60 % 60)):\(two(time % 60))+00"
    }

    /// yyyymmdd of the UTC day (dim_date is filled for 1990-2040 by the migrations).
    static func dateKey(_ seconds: Int) -> Int {
        Int(CalendarDate(daysSinceEpoch: seconds / 86_400).description.replacingOccurrences(of: "-", with: ""))!
    }
}
