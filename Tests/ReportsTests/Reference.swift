import Foundation

/// The mart definitions recomputed in Swift from the raw order lines, to
/// check the SQL against: exact decimals for money, counts per customer.
struct Reference {
    let lines: [SalesLine]
    var tierShares: [Decimal] = [0.01, 0.05, 0.20]

    /// A customer's figures over a set of lines.
    struct Figures {
        var revenue: Decimal = 0
        var margin: Decimal = 0
        var orders = Set<String>()
        var lastPurchase: Day?
        var firstPurchase: Day?

        mutating func add(_ line: SalesLine) {
            revenue += line.amount
            margin += line.amount - line.cost
            guard !line.isReturn else { return }
            orders.insert(line.orderID)
            lastPurchase = max(lastPurchase ?? line.day, line.day)
            firstPurchase = min(firstPurchase ?? line.day, line.day)
        }
    }

    func figures(where include: (SalesLine) -> Bool) -> [String: Figures] {
        var result: [String: Figures] = [:]
        for line in lines where line.isKnownCustomer && include(line) {
            result[line.customerID, default: Figures()].add(line)
        }
        return result
    }

    var months: ClosedRange<Int> {
        lines.map(\.month).min()!...lines.map(\.month).max()!
    }

    var lastDay: Day { lines.map(\.day).max()! }

    /// PostgreSQL's ntile: the first n % k buckets hold one more.
    static func ntile(position: Int, count: Int, buckets: Int = 5) -> Int {
        let size = count / buckets
        let extra = count % buckets
        let big = extra * (size + 1)
        return position < big ? position / (size + 1) + 1 : extra + (position - big) / size + 1
    }

    /// Scores by sorting on `key` ascending, ties by customer id.
    static func scores<K: Comparable>(_ ids: [String], key: (String) -> K) -> [String: Int] {
        let sorted = ids.sorted { (key($0), $0) < (key($1), $1) }
        return Dictionary(uniqueKeysWithValues: sorted.enumerated().map {
            ($1, ntile(position: $0, count: sorted.count))
        })
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
        let f = Self.scores(ids) { rows[$0]!.trailingOrders }
        let m = Self.scores(ids) { rows[$0]!.trailingRevenue }
        let tier = tiers(rows.mapValues(\.trailingRevenue))
        for id in ids {
            rows[id]!.r = r[id]!
            rows[id]!.f = f[id]!
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
        let f = Self.scores(ids) { history[$0]!.orders.count }
        let m = Self.scores(ids) { history[$0]!.revenue }
        return history.mapValues { _ in RFM(recency: 0, frequency: 0, monetary: 0, r: 0, f: 0, m: 0) }
            .reduce(into: [:]) { result, entry in
                let h = history[entry.key]!
                result[entry.key] = RFM(
                    recency: asOf - h.lastPurchase!, frequency: h.orders.count, monetary: h.revenue,
                    r: r[entry.key]!, f: f[entry.key]!, m: m[entry.key]!)
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
