/// The CLV reports: the distribution of predicted CLV over deciles (Pareto),
/// mean CLV per segment, tier, country and channel and customers per band
/// (bars); the model diagnostics: calibration against holdout, period
/// transactions, the P(alive) and expected-purchase matrices (heatmaps) and
/// cumulative repeat purchases tracked against the prediction (lines).
enum CLVReportFigures {
    static func charts(_ whole: FigureSection) -> [any Chart] {
        let figure = whole.withoutTotalRow
        if figure.first == "category", figure.has("total_clv", "mean_clv", "customers") { return clvBreakdown(figure) }
        if figure.first == "frequency", figure.has("actual_per_customer", "expected_per_customer") {
            return [
                LineChart(
                    info: figure.info(
                        "holdout", "Holdout purchases per customer, actual and expected",
                        "Purchases per customer in the holdout period against the model's expectation, by purchases in the calibration period.",
                        x: "Repeat purchases in the calibration period", y: "Holdout purchases per customer"),
                    categories: figure.texts("frequency"),
                    series: [
                        .init(name: "Actual", values: figure.values("actual_per_customer")),
                        .init(name: "Expected", values: figure.values("expected_per_customer")),
                    ],
                    unit: .number)
            ]
        }
        if figure.first == "repeat_purchases", figure.has("actual_customers", "expected_customers") {
            return [
                BarChart(
                    info: figure.info(
                        "period-transactions", "Customers by repeat purchases, actual and expected",
                        "Customers with each number of repeat purchases in the calibration period, actual against the model.",
                        x: "Customers", y: "Repeat purchases"),
                    categories: figure.texts("repeat_purchases"),
                    series: [
                        .init(name: "Actual", values: figure.values("actual_customers")),
                        .init(name: "Expected", values: figure.values("expected_customers")),
                    ],
                    unit: .count("customers"))
            ]
        }
        if figure.first == "frequency", figure.names.dropFirst().allSatisfy({ $0.hasPrefix("recency_") }), figure.names.count > 1 {
            return [matrix(figure)]
        }
        if figure.first == "week_end", figure.has("cumulative_actual", "cumulative_expected") {
            return [
                LineChart(
                    info: figure.info(
                        "tracking", "Cumulative repeat purchases, actual and expected",
                        "Repeat purchases summed week by week, actual against the model, through calibration and holdout.",
                        x: "Week ending", y: "Repeat purchases (cumulative)"),
                    categories: figure.texts("week_end"),
                    series: [
                        .init(name: "Actual", values: figure.values("cumulative_actual")),
                        .init(name: "Expected", values: figure.values("cumulative_expected")),
                    ],
                    unit: .count("purchases"))
            ]
        }
        return []
    }

    static func clvBreakdown(_ figure: FigureSection) -> [any Chart] {
        let categories = figure.texts("category")
        // One row (all scored customers) is a figure for the table, not a chart.
        guard categories.count > 1 else { return [] }
        if figure.title.lowercased().contains("decile") {
            return [
                ParetoChart(
                    info: figure.info(
                        "deciles", "Predicted CLV by decile of customers",
                        "Total predicted CLV of each tenth of customers, most valuable first, with the cumulative share.",
                        x: "Decile", y: "Total predicted CLV (\(figure.currency))"),
                    categories: categories, values: figure.values("total_clv"), unit: figure.money)
            ]
        }
        if figure.title.lowercased().contains("band") {
            return [
                BarChart(
                    info: figure.info(
                        "bands", figure.title, "Customers in each band.", x: "Customers", y: "Band"),
                    categories: categories, series: [.init(name: "Customers", values: figure.values("customers"))],
                    unit: .count("customers"))
            ]
        }
        return [
            BarChart(
                info: figure.info(
                    "mean-clv", "Mean " + figure.title.prefix(1).lowercased() + figure.title.dropFirst(),
                    "Mean predicted CLV per customer of each group, highest first.",
                    x: "Mean predicted CLV (\(figure.currency))", y: ""),
                categories: categories, series: [.init(name: "Mean predicted CLV", values: figure.values("mean_clv"))],
                unit: figure.money, ranked: true)
        ]
    }

    /// Frequency rows × recency columns; P(alive) on 0–100 %, expected purchases on their range.
    static func matrix(_ figure: FigureSection) -> any Chart {
        let values = figure.table.rows.map { Array($0.dropFirst()) }
        let isProbability = figure.title.hasPrefix("P(alive)")
        return HeatmapChart(
            info: figure.info(
                isProbability ? "p-alive" : "expected", figure.title,
                isProbability
                    ? "Probability a customer is still active by repeat purchases (rows) and recency of the last purchase (columns)."
                    : "Expected purchases by repeat purchases (rows) and recency of the last purchase (columns).",
                x: "Recency of the last purchase", y: "Repeat purchases"),
            rowLabels: figure.texts("frequency"),
            columnLabels: figure.names.dropFirst().map { String($0.dropFirst("recency_".count)) }, values: values,
            unit: isProbability ? .percent : .number,
            domain: isProbability ? (0, 1) : HeatmapChart.domain(of: values))
    }
}
