import Foundation
import PostgresClient

/// `value_forecast`: the tier counts `--months` ahead (default 12) of the
/// snapshot month of the as-of date (default: the latest), by the pooled
/// recency chain of `ValueForecastModel`; with `--backtest`, the same
/// forecast from every past origin against what happened.
enum ValueForecastReport {
    static let defaultPoolMonths = 12

    static func sections(_ connection: Connection, _ parameters: ReportParameters) throws -> [ReportSection] {
        let horizon = parameters.months ?? 12
        guard let span = try ValueFlowHistory.span(connection) else {
            // Nothing to forecast from yet: the tiers, with no counts.
            return [ReportSection(title: "Tier counts \(horizon) months ahead", table: ReportTable(columns: mixColumns, rows: []))]
        }
        let poolMonths = try poolMonthsSetting(connection)
        var origin = span.last
        if let asOf = parameters.asOf {
            let month = String(asOf.prefix(8)) + "01"
            guard month >= span.first else {
                throw ReportError.usage("--as-of \(asOf) is before the first snapshot month \(span.first.prefix(7))")
            }
            origin = min(month, span.last)
        }
        if parameters.backtest {
            let history = try ValueFlowHistory.read(
                connection, from: span.first, through: origin, lastComplete: span.lastComplete)
            return ValueForecastBacktest(history, poolMonths: poolMonths, horizon: horizon).sections()
        }
        let from = max(span.first, ValueFlowHistory.month(origin, plus: -(poolMonths + 1)))
        let history = try ValueFlowHistory.read(connection, from: from, through: origin, lastComplete: span.lastComplete)
        // A young warehouse pools the complete months it has (the inputs
        // table names them); the backtest keeps to the full pool.
        guard let forecast = stride(from: poolMonths, through: 1, by: -1).lazy.compactMap({
            ValueForecastModel.forecast(history, origin: history.months.count - 1, poolMonths: $0, horizon: horizon)
        }).first
        else {
            throw ReportError.output(
                "the tier forecast needs a complete snapshot month before \(origin.prefix(7)) to pool flows from: "
                    + "load more history or pick a later --as-of")
        }
        return sections(forecast, cutoffs: history.cutoffs, lastComplete: span.lastComplete)
    }

    static func sections(_ forecast: ValueForecastModel.Forecast, cutoffs: TierCutoffs, lastComplete: String?)
        -> [ReportSection]
    {
        let now = forecast.origin
        let nowTotal = Double(now.base)
        let aheadTotal = forecast.tiers.reduce(0, +)
        let mix = ReportTable(
            columns: mixColumns,
            rows: ValueFlowMonth.tiers.indices.map { tier in
                [
                    ValueFlowMonth.tiers[tier], "\(now.tierCounts[tier])", share(Double(now.tierCounts[tier]), nowTotal),
                    decimal(forecast.tiers[tier], 1), share(forecast.tiers[tier], aheadTotal),
                ]
            })
        let pooled = forecast.pooled
        let states = ReportTable(
            columns: [.init("recency_state", .text), .init("customers_now", .number), .init("next_month_order_rate", .number)],
            rows: (0..<ValueFlowMonth.recencyStates).map { s in
                [s == 0 ? "ordered this month" : "last order \(s) month\(s == 1 ? "" : "s") ago", "\(now.recency[s])",
                 decimal(pooled.orderRates[s], 4)]
            } + [["lapsed", "\(now.lapsed)", decimal(pooled.reactivationRate, 4)]])
        let inputs = ReportTable(
            columns: [
                .init("origin_month", .text), .init("origin_complete", .boolean), .init("pool_first_month", .text),
                .init("pool_last_month", .text), .init("new_customers_now", .number), .init("new_per_month", .number),
                .init("active_now", .number), .init("active_forecast", .number), .init("tier_top_share", .number),
                .init("tier_high_share", .number), .init("tier_medium_share", .number),
            ],
            rows: [[
                now.month, lastComplete.map { now.month <= $0 ? "t" : "f" } ?? "t", pooled.firstMonth, pooled.lastMonth,
                "\(now.newCustomers)", decimal(pooled.newPerMonth, 1), "\(now.active)", decimal(forecast.active, 1),
                "\(cutoffs.top)", "\(cutoffs.high)", "\(cutoffs.medium)",
            ]])
        let month = now.month.prefix(7)
        return [
            ReportSection(title: "Tier counts \(forecast.horizon) months after \(month)", table: mix),
            ReportSection(
                title: "Recency states in \(month) and their monthly order rates, pooled over "
                    + "\(pooled.firstMonth.prefix(7)) … \(pooled.lastMonth.prefix(7))", table: states),
            ReportSection(title: "Forecast inputs", table: inputs),
        ]
    }

    /// `analysis.forecast.pool_months` as refresh wrote it; the default for
    /// a warehouse refreshed before the setting existed.
    static let mixColumns: [ReportTable.Column] = [
        .init("value_tier", .text), .init("customers_now", .number), .init("now_share", .number),
        .init("forecast_customers", .number), .init("forecast_share", .number),
    ]

    static func poolMonthsSetting(_ connection: Connection) throws -> Int {
        let value = try connection.query("select mart.setting('forecast_pool_months')::integer").int(0, 0)
        return value.map { max($0, 1) } ?? defaultPoolMonths
    }

    static func share(_ part: Double, _ total: Double) -> String? {
        total > 0 ? decimal(part / total, 4) : nil
    }

    static func decimal(_ value: Double, _ places: Int) -> String {
        String(format: "%.\(places)f", value)
    }
}
