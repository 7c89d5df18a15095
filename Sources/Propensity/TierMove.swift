import Scoring

/// A move between value tiers (top 1, high 2, medium 3, low 4, lapsed 5:
/// docs/marts.md, "Value tiers") over the days after a window's start.
public enum TierMove: String, Sendable, Hashable, Comparable {
    /// A better tier at the end than at the start (low → medium, lapsed → low …).
    case up
    /// A worse tier at the end (top → high, low → lapsed …).
    case down

    public static func < (a: TierMove, b: TierMove) -> Bool { a == .up && b == .down }
}

extension SnapshotCache {
    /// Per row of the snapshot at `start`: how the customer's tier at
    /// `start + days` compares with the tier at `start`, nil when it stayed.
    /// Both tiers are ranked as the marts rank them, each among the customers
    /// with an order by its own date, so a customer who moves up may be
    /// pushed by others as well as by their own orders.
    func tierMoves(from start: CalendarDate, days: Int) -> [TierMove?] {
        let now = snapshot(start)
        let later = snapshot(start.adding(days: days))
        // Both populations are in history order and the later one holds the earlier.
        var moves = [TierMove?](repeating: nil, count: now.customers.count)
        var j = 0
        for (i, customer) in now.customers.enumerated() {
            while j < later.customers.count && later.customers[j] < customer { j += 1 }
            guard j < later.customers.count && later.customers[j] == customer else { continue }
            let before = now.tierRanks[i], after = later.tierRanks[j]
            moves[i] = after < before ? .up : after > before ? .down : nil
        }
        return moves
    }
}

extension PropensityTarget {
    /// The move a tier target predicts; nil for the other targets.
    var tierMove: TierMove? {
        if case .tierMove(let move, _) = self { return move }
        return nil
    }
}

extension PropensityScoring {
    /// "Next month" of the tier targets: the 30 days of buy_30d, whose window
    /// starts (and feature snapshots) they share, so they cost no extra snapshot.
    static let tierMoveDays = 30
}
