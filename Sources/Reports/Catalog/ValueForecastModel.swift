/// The tier forecast. Tiers are ranks of the customers who ordered in the
/// trailing 12 months (top = the first 1 % of them by construction), so a
/// forecast of the tier counts is a forecast of how many customers will be
/// in that trailing window, cut by the tier shares:
///
/// - a Markov chain over recency states (whole months since the last order,
///   0 … 11, and lapsed = 12 or more) with pooled rates: of the customers in
///   state s over the last `poolMonths` months, the share who ordered the
///   next month (back to 0; the others move to s + 1, from 11 to lapsed),
///   and the share of lapsed customers who ordered again;
/// - new customers entering state 0 at the pooled mean number per month;
/// - after `horizon` steps, the customers in states 0 … 11 are ranked into
///   tiers by the cut-offs (`TierCutoffs`); lapsed is the chain's own state.
///
/// `tierChain` is the alternative the backtest compares it with: a chain
/// over the tiers themselves (pooled tier-to-tier moves, new customers
/// entering in the tiers they started in), whose own tier mix drifts from
/// the rank shares.
public enum ValueForecastModel {
    public static let lapsedState = ValueFlowMonth.recencyStates

    /// Rates pooled over consecutive months with flows.
    public struct Pooled: Sendable, Equatable {
        /// First and last month whose flows (from the month before) are pooled.
        public var firstMonth: String
        public var lastMonth: String
        /// P(order next month | s months since the last order), s = 0 … 11.
        public var orderRates: [Double]
        /// P(order next month | lapsed).
        public var reactivationRate: Double
        /// Mean new customers per month.
        public var newPerMonth: Double
        /// Pooled tier moves (top … lapsed) and the new customers' starting tiers.
        public var tierMoves: [[Int]]
        public var newTiers: [Int]
    }

    /// The forecast from one origin month.
    public struct Forecast: Sendable {
        public var origin: ValueFlowMonth
        public var pooled: Pooled
        public var horizon: Int
        /// Customers in the trailing 12 months at the horizon (states 0 … 11).
        public var active: Double
        /// top, high, medium, low (by the cut-offs) and lapsed at the horizon.
        public var tiers: [Double]
        /// The tier chain's own forecast of the same five counts.
        public var tierChain: [Double]
    }

    /// Pools the flows of `months[range]` (each from the month before it);
    /// nil when a month in the range has no flows.
    public static func pool(_ history: ValueFlowHistory, _ range: ClosedRange<Int>) -> Pooled? {
        guard range.lowerBound >= 1, range.upperBound < history.months.count,
            history.months[range].allSatisfy(\.hasFlows)
        else { return nil }
        let states = ValueFlowMonth.recencyStates
        var atRisk = Array(repeating: 0, count: states)
        var ordered = Array(repeating: 0, count: states)
        var lapsed = 0
        var reactivated = 0
        var new = 0
        var moves = Array(repeating: Array(repeating: 0, count: 5), count: 5)
        var newTiers = Array(repeating: 0, count: 5)
        for index in range {
            let before = history.months[index - 1]
            let month = history.months[index]
            for s in 0..<states {
                atRisk[s] += before.recency[s]
                ordered[s] += month.orderedFrom[s]
            }
            lapsed += before.lapsed
            reactivated += month.reactivated
            new += month.newCustomers
            for i in 0..<5 {
                newTiers[i] += month.newTiers[i]
                for j in 0..<5 { moves[i][j] += month.tierMoves[i][j] }
            }
        }
        return Pooled(
            firstMonth: history.months[range.lowerBound].month, lastMonth: history.months[range.upperBound].month,
            orderRates: (0..<states).map { ratio(ordered[$0], atRisk[$0]) },
            reactivationRate: ratio(reactivated, lapsed), newPerMonth: Double(new) / Double(range.count),
            tierMoves: moves, newTiers: newTiers)
    }

    /// The recency chain: states 0 … 11 and lapsed (12); new customers enter 0.
    public static func recencyChain(_ pooled: Pooled) -> MarkovForecast {
        let size = lapsedState + 1
        var matrix = Array(repeating: Array(repeating: 0.0, count: size), count: size)
        for s in 0..<lapsedState {
            matrix[s][0] += pooled.orderRates[s]
            matrix[s][s + 1] += 1 - pooled.orderRates[s]
        }
        matrix[lapsedState][0] = pooled.reactivationRate
        matrix[lapsedState][lapsedState] = 1 - pooled.reactivationRate
        var entries = Array(repeating: 0.0, count: size)
        entries[0] = pooled.newPerMonth
        return MarkovForecast(matrix: matrix, entries: entries)
    }

    /// The tier chain: top, high, medium, low, lapsed; new customers enter
    /// in the pooled shares of their starting tiers.
    public static func tierChain(_ pooled: Pooled) -> MarkovForecast {
        let started = pooled.newTiers.reduce(0, +)
        let entries = pooled.newTiers.map { started > 0 ? pooled.newPerMonth * Double($0) / Double(started) : 0 }
        return MarkovForecast(counts: pooled.tierMoves, entries: entries)
    }

    /// The months pooled for a forecast from `origin`: the `poolMonths`
    /// months ending with the origin, or with the last complete month if
    /// the origin is still filling (a partial month's flows would count its
    /// missing days as customers not ordering).
    public static func poolRange(_ history: ValueFlowHistory, origin: Int, poolMonths: Int) -> ClosedRange<Int>? {
        var end = origin
        if let complete = history.lastCompleteMonth, history.months[origin].month > complete {
            guard let index = history.index(of: complete) else { return nil }
            end = index
        }
        let start = end - poolMonths + 1
        return start >= 1 && start <= end ? start...end : nil
    }

    /// The forecast `horizon` months after `months[origin]`, from the rates
    /// pooled over `poolMonths`; nil when the history is too short.
    public static func forecast(_ history: ValueFlowHistory, origin: Int, poolMonths: Int, horizon: Int) -> Forecast? {
        guard history.months.indices.contains(origin),
            let range = poolRange(history, origin: origin, poolMonths: poolMonths),
            let pooled = pool(history, range)
        else { return nil }
        let now = history.months[origin]
        let start = now.recency.map(Double.init) + [Double(now.lapsed)]
        let ahead = recencyChain(pooled).forecast(start, steps: horizon)
        let active = ahead[0..<lapsedState].reduce(0, +)
        let ranked = history.cutoffs.counts(customers: Int(active.rounded())).map(Double.init)
        let chained = tierChain(pooled).forecast(now.tierCounts.map(Double.init), steps: horizon)
        return Forecast(
            origin: now, pooled: pooled, horizon: horizon, active: active, tiers: ranked + [ahead[lapsedState]],
            tierChain: chained)
    }

    static func ratio(_ part: Int, _ whole: Int) -> Double {
        whole > 0 ? Double(part) / Double(whole) : 0
    }
}
