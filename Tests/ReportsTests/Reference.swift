import Foundation

/// The mart definitions recomputed in Swift from the raw order lines, to
/// check the SQL against: exact decimals for money, counts per customer.
struct Reference {
    let lines: [SalesLine]
    var tierShares: [Decimal] = [0.01, 0.05, 0.20]
    /// Lowest order counts of F scores 2…5, and the new-customer window.
    var frequencyBands = [2, 3, 5, 10]
    var newCustomerDays = 90
    /// Each order's first purchase line (earliest time, then line number):
    /// the order's day, customer and channel.
    let orderFirstLines: [SalesLine]

    init(lines: [SalesLine]) {
        self.lines = lines
        var first: [String: SalesLine] = [:]
        for line in lines where !line.isReturn {
            if let seen = first[line.orderID], (seen.epoch, seen.lineNo) <= (line.epoch, line.lineNo) { continue }
            first[line.orderID] = line
        }
        orderFirstLines = Array(first.values)
    }

    /// A customer's figures over a set of lines.
    struct Figures {
        var revenue: Decimal = 0
        var margin: Decimal = 0
        /// Orders whose first line is among the lines.
        var orders = Set<String>()
        var lastPurchase: Day?
        var firstPurchase: Day?
    }

    /// Revenue and margin of the lines `include` accepts; orders (and the
    /// first and last order days) of the orders whose first line it accepts.
    func figures(where include: (SalesLine) -> Bool) -> [String: Figures] {
        var result: [String: Figures] = [:]
        for line in lines where line.isKnownCustomer && include(line) {
            result[line.customerID, default: Figures()].revenue += line.amount
            result[line.customerID, default: Figures()].margin += line.amount - line.cost
        }
        for line in orderFirstLines where line.isKnownCustomer && include(line) {
            var figures = result[line.customerID, default: Figures()]
            figures.orders.insert(line.orderID)
            figures.lastPurchase = max(figures.lastPurchase ?? line.day, line.day)
            figures.firstPurchase = min(figures.firstPurchase ?? line.day, line.day)
            result[line.customerID] = figures
        }
        return result
    }

    var months: ClosedRange<Int> {
        lines.map(\.month).min()!...lines.map(\.month).max()!
    }

    var lastDay: Day { lines.map(\.day).max()! }

    /// Quintile scores by `key` ascending: 1 + ⌊5 × (customers with a
    /// smaller key) / customers⌋, so equal keys share a score.
    static func scores<K: Comparable>(_ ids: [String], key: (String) -> K) -> [String: Int] {
        let keys = ids.map(key).sorted()
        return Dictionary(uniqueKeysWithValues: ids.map { id in
            let smaller = keys.partitioningIndex { $0 >= key(id) }
            return (id, min(5, 1 + 5 * smaller / ids.count))
        })
    }

    /// F score of an order count against the bands.
    func frequencyScore(_ orders: Int) -> Int {
        1 + frequencyBands.filter { orders >= $0 }.count
    }

    /// Tier ranks 1…4 by `value` descending; equal values share a rank.
    func tiers(_ values: [String: Decimal]) -> [String: Int] {
        let count = Decimal(values.count)
        let cutoffs = tierShares.map { share -> Int in
            var product = count * share
            var rounded = Decimal()
            NSDecimalRound(&rounded, &product, 0, .up)
            return NSDecimalNumber(decimal: rounded).intValue
        }
        return values.mapValues { value in
            let rank = 1 + values.values.filter { $0 > value }.count
            return (cutoffs.firstIndex { rank <= $0 } ?? 3) + 1
        }
    }

    struct SnapshotRow: Equatable {
        var revenue: Decimal
        var orders: Int
        var trailingRevenue: Decimal
        var trailingOrders: Int
        var recency: Int
        var r = 0, f = 0, m = 0
        var tier = 0
        var firstOrderMonth: Int
        var isActive: Bool { orders > 0 }
    }

    /// dw.fact_customer_month for one month.
    func snapshot(month: Int) -> [String: SnapshotRow] {
        let first = figures { $0.month <= month }.compactMapValues(\.firstPurchase)
        let window = figures { $0.month > month - 12 && $0.month <= month }.filter { !$0.value.orders.isEmpty }
        let current = figures { $0.month == month }
        let end = Day.monthEnd(month)
        var rows = window.mapValues { w in
            SnapshotRow(
                revenue: 0, orders: 0, trailingRevenue: w.revenue, trailingOrders: w.orders.count,
                recency: end - w.lastPurchase!, firstOrderMonth: 0)
        }
        for id in rows.keys {
            rows[id]!.revenue = current[id]?.revenue ?? 0
            rows[id]!.orders = current[id]?.orders.count ?? 0
            rows[id]!.firstOrderMonth = first[id]!.month
        }
        let ids = Array(rows.keys)
        let r = Self.scores(ids) { -rows[$0]!.recency }
        let m = Self.scores(ids) { rows[$0]!.trailingRevenue }
        let tier = tiers(rows.mapValues(\.trailingRevenue))
        for id in ids {
            rows[id]!.r = r[id]!
            rows[id]!.f = frequencyScore(rows[id]!.trailingOrders)
            rows[id]!.m = m[id]!
            rows[id]!.tier = tier[id]!
        }
        return rows
    }

    struct RFM {
        var recency: Int, frequency: Int, monetary: Decimal, r: Int, f: Int, m: Int
    }

    /// mart.customer_rfm(as_of).
    func rfm(asOf: Day) -> [String: RFM] {
        let history = figures { $0.day <= asOf }.filter { !$0.value.orders.isEmpty }
        let ids = Array(history.keys)
        let r = Self.scores(ids) { -(asOf - history[$0]!.lastPurchase!) }
        let m = Self.scores(ids) { history[$0]!.revenue }
        return history.mapValues { _ in RFM(recency: 0, frequency: 0, monetary: 0, r: 0, f: 0, m: 0) }
            .reduce(into: [:]) { result, entry in
                let h = history[entry.key]!
                result[entry.key] = RFM(
                    recency: asOf - h.lastPurchase!, frequency: h.orders.count, monetary: h.revenue,
                    r: r[entry.key]!, f: frequencyScore(h.orders.count), m: m[entry.key]!)
            }
    }

    /// Tier rank 1…4 of the customers with an order in the 12 months to as_of, 5 for the others.
    func valueTiers(asOf: Day) -> [String: Int] {
        // as_of is a month end in these tests, so the 12 months are whole months.
        let trailing = figures { $0.day <= asOf && $0.month > asOf.month - 12 }.filter { !$0.value.orders.isEmpty }
        let everyone = figures { $0.day <= asOf }.filter { !$0.value.orders.isEmpty }
        let tier = tiers(trailing.mapValues(\.revenue))
        return everyone.keys.reduce(into: [:]) { $0[$1] = tier[$1] ?? 5 }
    }
}

extension Array {
    /// The first index whose element satisfies `belongs` (the array is
    /// partitioned: every element after it does too).
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
