import Foundation

/// The tier forecast checked against what happened: from every past origin
/// month with `poolMonths` months of flows up to it and the `horizon`
/// months after it complete, the forecast of each tier's count against the
/// snapshot's count at the horizon, its absolute percentage error, and the
/// mean of those errors per tier over the origins (MAPE). The tier chain's
/// errors are beside them, for comparison.
public struct ValueForecastBacktest: Sendable {
    public struct Row: Sendable, Equatable {
        public var origin: String
        public var target: String
        /// 0 top … 4 lapsed.
        public var tier: Int
        public var forecast: Double
        public var actual: Int
        public var tierChainForecast: Double
    }

    public var poolMonths: Int
    public var horizon: Int
    /// Origin by origin, tier by tier.
    public var rows: [Row]

    /// Every origin the history allows, oldest first.
    public init(_ history: ValueFlowHistory, poolMonths: Int, horizon: Int) {
        self.poolMonths = poolMonths
        self.horizon = horizon
        var lastTarget = history.months.count - 1
        if let complete = history.lastCompleteMonth {
            lastTarget = history.months.lastIndex { $0.month <= complete } ?? -1
        }
        var rows: [Row] = []
        for origin in history.months.indices where origin + horizon <= lastTarget {
            guard let forecast = ValueForecastModel.forecast(
                history, origin: origin, poolMonths: poolMonths, horizon: horizon)
            else { continue }
            let target = history.months[origin + horizon]
            for tier in ValueFlowMonth.tiers.indices {
                rows.append(
                    Row(
                        origin: history.months[origin].month, target: target.month, tier: tier,
                        forecast: forecast.tiers[tier], actual: target.tierCounts[tier],
                        tierChainForecast: forecast.tierChain[tier]))
            }
        }
        self.rows = rows
    }

    public var origins: [String] {
        rows.reduce(into: [String]()) { if $0.last != $1.origin { $0.append($1.origin) } }
    }

    /// |forecast − actual| / actual × 100; nil when the actual count is zero.
    public static func absolutePercentageError(forecast: Double, actual: Int) -> Double? {
        actual == 0 ? nil : abs(forecast - Double(actual)) / Double(actual) * 100
    }

    /// The mean of the defined errors; nil when none is.
    public static func meanAbsolutePercentageError(_ errors: [Double?]) -> Double? {
        let defined = errors.compactMap { $0 }
        return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
    }

    /// MAPE of one tier (0 top … 4 lapsed) over the origins, for the
    /// published forecast or the tier chain.
    public func mape(tier: Int, tierChain: Bool = false) -> Double? {
        Self.meanAbsolutePercentageError(
            rows.filter { $0.tier == tier }.map {
                Self.absolutePercentageError(forecast: tierChain ? $0.tierChainForecast : $0.forecast, actual: $0.actual)
            })
    }

    /// The largest error of one tier over the origins.
    public func maximumError(tier: Int) -> Double? {
        rows.filter { $0.tier == tier }.compactMap { Self.absolutePercentageError(forecast: $0.forecast, actual: $0.actual) }
            .max()
    }

    /// Per origin and tier, then MAPE per tier.
    func sections() -> [ReportSection] {
        let perOrigin = ReportTable(
            columns: [
                .init("origin_month", .text), .init("target_month", .text), .init("value_tier", .text),
                .init("forecast_customers", .number), .init("actual_customers", .number),
                .init("absolute_percentage_error", .number), .init("tier_chain_forecast", .number),
                .init("tier_chain_absolute_percentage_error", .number),
            ],
            rows: rows.map { row in
                [
                    row.origin, row.target, ValueFlowMonth.tiers[row.tier], Self.decimal(row.forecast, 1), "\(row.actual)",
                    Self.absolutePercentageError(forecast: row.forecast, actual: row.actual).map { Self.decimal($0, 2) },
                    Self.decimal(row.tierChainForecast, 1),
                    Self.absolutePercentageError(forecast: row.tierChainForecast, actual: row.actual).map {
                        Self.decimal($0, 2)
                    },
                ]
            })
        let summary = ReportTable(
            columns: [
                .init("value_tier", .text), .init("origins", .number), .init("mape", .number),
                .init("maximum_absolute_percentage_error", .number), .init("tier_chain_mape", .number),
            ],
            rows: ValueFlowMonth.tiers.indices.map { tier in
                [
                    ValueFlowMonth.tiers[tier], "\(origins.count)", mape(tier: tier).map { Self.decimal($0, 2) },
                    maximumError(tier: tier).map { Self.decimal($0, 2) },
                    mape(tier: tier, tierChain: true).map { Self.decimal($0, 2) },
                ]
            })
        let span = origins.isEmpty ? "no origin has \(poolMonths) months of flows before it and \(horizon) complete months after it"
            : "\(origins.count) origins, \(origins.first!.prefix(7)) … \(origins.last!.prefix(7))"
        return [
            ReportSection(
                title: "Backtest: tier counts \(horizon) months after each origin, forecast against actual "
                    + "(rates pooled over \(poolMonths) months; \(span))", table: perOrigin),
            ReportSection(title: "Mean absolute percentage error per tier (%), \(horizon) months ahead", table: summary),
        ]
    }

    static func decimal(_ value: Double, _ places: Int) -> String {
        String(format: "%.\(places)f", value)
    }
}
