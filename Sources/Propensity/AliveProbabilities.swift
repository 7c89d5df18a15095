import Analytics
import Scoring

/// P(alive) at a date from the purchase model (BG/NBD or MBG/NBD, as the CLV
/// scores use) fitted to the RFM summary of that date only — the same summary
/// `sql/clv/rfm_summary.sql` makes (a purchase is a day with an order;
/// frequency = purchase days − 1; recency first → last; T first → date) —
/// so no later purchase informs the parameters.
enum AliveProbabilities {
    /// P(alive) per history customer (NaN for those without an order on or before `date`).
    static func at(
        _ date: CalendarDate, history: CustomerHistory, model: PurchaseModelKind, unit: TimeUnit
    ) throws -> [Double] {
        let day = Int32(date.daysSinceEpoch)
        var rows: [RFMSummaryRow] = []
        var customers: [Int] = []
        var days: [Int32] = []
        for c in 0..<history.customerCount {
            days.removeAll(keepingCapacity: true)
            for r in history.sales.rows(of: c) where history.sales.orders[r] > 0 && history.sales.day[r] <= day {
                days.append(history.sales.day[r])
            }
            guard !days.isEmpty else { continue }
            days.sort()
            var purchaseDays = 1
            for k in 1..<days.count where days[k] != days[k - 1] { purchaseDays += 1 }
            rows.append(
                RFMSummaryRow(
                    customerID: history.customerIDs[c], frequency: purchaseDays - 1,
                    recencyDays: Double(days.last! - days[0]), ageDays: Double(day - days[0]), unit: unit))
            customers.append(c)
        }
        let fit = try CLVPurchaseFit.fit(model, RFMSummary(unit: unit, rows: rows), penalizer: 0)
        var out = [Double](repeating: .nan, count: history.customerCount)
        for (row, c) in zip(rows, customers) {
            out[c] = fit.parameters.probabilityAlive(frequency: row.frequency, recency: row.recency, T: row.T)
        }
        return out
    }
}
