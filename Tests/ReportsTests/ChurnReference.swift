import Foundation
import PostgresClient

/// The churn definitions recomputed in Swift from the raw order rows of
/// dw.fact_sales, written apart from the SQL: each order counts once, in the
/// day and month of its first purchase line (earliest time, then line
/// number), returns and the unknown customer left out.
struct ChurnReference {
    /// Per customer, the distinct days (ascending) of orders' first purchase lines.
    let purchaseDays: [String: [Day]]
    /// The last day with any line (the marts' as-of date).
    let lastDay: Day
    /// First and last month with any line (month index year × 12 + month − 1).
    let months: ClosedRange<Int>

    init(_ connection: Connection) throws {
        let rows = try connection.query(
            """
            select order_id, line_no::text, customer_id, d.full_date::text,
                extract(epoch from ordered_at)::text, is_return::text
            from dw.fact_sales
            join dw.dim_date as d using (date_key)
            """
        ).rows
        var first: [String: (epoch: Double, line: Int, customer: String, day: Day)] = [:]
        var allDays: [Day] = []
        for row in rows {
            let day = Day(row[3]!)
            allDays.append(day)
            guard row[5] == "false" else { continue }
            let candidate = (epoch: Double(row[4]!)!, line: Int(row[1]!)!, customer: row[2]!, day: day)
            if let seen = first[row[0]!], (seen.epoch, seen.line) <= (candidate.epoch, candidate.line) { continue }
            first[row[0]!] = candidate
        }
        var days: [String: Set<Day>] = [:]
        for order in first.values where order.customer != "unknown" {
            days[order.customer, default: []].insert(order.day)
        }
        purchaseDays = days.mapValues { $0.sorted() }
        lastDay = allDays.max()!
        months = allDays.map(\.month).min()!...allDays.map(\.month).max()!
    }

    /// Per customer, the distinct months with an order, ascending.
    var activeMonths: [String: [Int]] {
        purchaseDays.mapValues { Array(Set($0.map(\.month))).sorted() }
    }

    struct Events: Equatable {
        var churned = 0
        var returned = 0
    }

    /// Under an inactivity window of `window` months: per month, customers
    /// with no order in the `window` months before it since an order, and
    /// of them those with an order in the `followup` months after it.
    func events(window: Int, followup: Int) -> [Int: Events] {
        var result: [Int: Events] = [:]
        for months in activeMonths.values {
            for (index, month) in months.enumerated() {
                let next = index + 1 < months.count ? months[index + 1] : nil
                // No order in month + 1 … month + window.
                if let next, next <= month + window { continue }
                let churnMonth = month + window
                result[churnMonth, default: Events()].churned += 1
                if let next, next <= churnMonth + followup { result[churnMonth, default: Events()].returned += 1 }
            }
        }
        return result
    }

    /// Whether the `followup` months after `month` have ended by the last day.
    func followUpComplete(_ month: Int, followup: Int) -> Bool {
        Day.monthEnd(month + followup) <= lastDay
    }

    struct Model {
        var r: Double, alpha: Double, a: Double, b: Double
        /// Days per unit of alpha and of time.
        var unitDays: Double
        /// MBG/NBD rather than BG/NBD.
        var isModified = false

        /// P(alive) with x repeat purchases, tₓ and T in the model's unit:
        /// BG/NBD 1 / (1 + a / (b + x − 1) ((α + T) / (α + tₓ))^(r + x)), 1 at x = 0;
        /// MBG/NBD the same with b + x for b + x − 1, at every x.
        func pAlive(x: Int, tx: Double, T: Double) -> Double {
            guard x > 0 || isModified else { return 1 }
            let x = Double(x)
            let denominator = isModified ? b + x : b + x - 1
            return 1 / (1 + a / denominator * pow((alpha + T) / (alpha + tx), r + x))
        }
    }

    struct PAliveMonth: Equatable {
        var below = 0
        var dropped = 0
    }

    /// Per month of the data: customers whose P(alive) at the month's end,
    /// from their purchase days up to then, is below `threshold`, and those
    /// of them who were not below at the previous month's end. Evaluated at
    /// every month end, customer by customer.
    func pAlive(_ model: Model, threshold: Double) -> [Int: PAliveMonth] {
        var result: [Int: PAliveMonth] = [:]
        for month in months { result[month] = PAliveMonth() }
        for days in purchaseDays.values {
            var wasBelow = false
            for month in months {
                let end = Day.monthEnd(month)
                let history = days.filter { $0 <= end }
                guard let firstDay = history.first, let lastPurchase = history.last else { continue }
                let p = model.pAlive(
                    x: history.count - 1, tx: Double(lastPurchase - firstDay) / model.unitDays,
                    T: Double(end - firstDay) / model.unitDays)
                let below = p < threshold
                if below {
                    result[month]!.below += 1
                    if !wasBelow { result[month]!.dropped += 1 }
                }
                wasBelow = below
            }
        }
        return result
    }
}
