import Warehouse

/// The value tiers' cumulative shares (`analysis.tiers`, which the marts keep
/// as `tier_top_share`, `tier_high_share`, `tier_medium_share`), so the tier
/// features rank customers as `mart.customer_value` does.
struct TierShares: Sendable, Hashable {
    /// A share as an exact fraction, so ceil(n × share) is exact as in SQL's numeric.
    struct Share: Sendable, Hashable {
        var numerator: Int
        var denominator: Int

        /// `0.05` → 5 / 100; nil for anything but a plain non-negative decimal.
        init?(_ text: String) {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                parts[0].count + (parts.count == 2 ? parts[1].count : 0) <= 15,
                let whole = Int(parts[0].isEmpty ? "0" : parts[0])
            else { return nil }
            let fraction = parts.count == 2 ? String(parts[1]) : ""
            denominator = Int(pow10: fraction.count)
            numerator = whole * denominator + (Int(fraction.isEmpty ? "0" : fraction) ?? 0)
        }

        /// ceil(n × share).
        func ceilingOf(_ n: Int) -> Int { (n * numerator + denominator - 1) / denominator }
    }

    var top: Share
    var high: Share
    var medium: Share

    /// From exact decimal text, top first; a configuration error otherwise.
    init(_ shares: [String]) throws {
        let parsed = shares.compactMap(Share.init)
        guard shares.count == 3, parsed.count == 3 else {
            throw WarehouseError(.configuration, "tier shares must be three decimals such as 0.01, 0.05, 0.20: \(shares)")
        }
        top = parsed[0]
        high = parsed[1]
        medium = parsed[2]
    }

    /// Tier ranks (1 top … 4 low, 5 lapsed) of customers with these trailing
    /// revenues (nil: no order in the trailing window, lapsed): ranked by
    /// revenue with rank() — equal revenue, equal rank — among those with an
    /// order, rank ≤ ceil(n × share) in the tier.
    func ranks(_ trailingRevenue: [Int64?]) -> [Int] {
        let active = trailingRevenue.indices.filter { trailingRevenue[$0] != nil }
        let n = active.count
        let sorted = active.sorted { trailingRevenue[$0]! > trailingRevenue[$1]! }
        var ranks = [Int](repeating: 5, count: trailingRevenue.count)
        let cuts = [top, high, medium].map { $0.ceilingOf(n) }
        var position = 0
        while position < sorted.count {
            var end = position
            while end + 1 < sorted.count && trailingRevenue[sorted[end + 1]] == trailingRevenue[sorted[position]] { end += 1 }
            let rank = position + 1
            let tier = rank <= cuts[0] ? 1 : rank <= cuts[1] ? 2 : rank <= cuts[2] ? 3 : 4
            for k in position...end { ranks[sorted[k]] = tier }
            position = end + 1
        }
        return ranks
    }
}

extension Int {
    fileprivate init(pow10 exponent: Int) {
        self = (0..<exponent).reduce(1) { value, _ in value * 10 }
    }
}
