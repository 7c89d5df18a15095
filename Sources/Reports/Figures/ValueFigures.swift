/// Value tiers as a Pareto, RFM segments as bars, the migration matrix as a
/// heatmap, the tier forecast as stacked bars, spend trends as bars.
enum ValueFigures {
    static func charts(_ figure: FigureSection) -> [any Chart] {
        var charts: [any Chart] = []
        if figure.first == "value_tier", figure.has("trailing_revenue", "cumulative_share") {
            charts.append(
                ParetoChart(
                    info: figure.info(
                        "pareto", "Trailing 12-month revenue by value tier",
                        "Revenue of each value tier, highest first, with the cumulative share of all revenue.",
                        x: "Value tier", y: "Revenue (\(figure.currency))"),
                    categories: figure.texts("value_tier"), values: figure.values("trailing_revenue"),
                    unit: figure.money, cumulativeShares: figure.values("cumulative_share")))
        }
        if figure.first == "segment", figure.has("customer_share", "revenue_share") {
            charts.append(
                BarChart(
                    info: figure.info(
                        "segments", "Customers and revenue by RFM segment",
                        "Each RFM segment's share of customers and of revenue.", x: "Share (%)", y: "RFM segment"),
                    categories: figure.texts("segment"),
                    series: [
                        .init(name: "Share of customers", values: figure.values("customer_share")),
                        .init(name: "Share of revenue", values: figure.values("revenue_share")),
                    ],
                    unit: .percent))
        }
        if figure.has("from_tier", "to_tier", "probability") { charts += migration(figure) }
        if figure.first == "value_tier", figure.has("customers_now", "forecast_customers") {
            let tiers = figure.texts("value_tier")
            charts.append(
                StackedBarChart(
                    info: figure.info(
                        "forecast", "Tier mix now and forecast", "Customers per value tier now and at the forecast horizon.",
                        x: "", y: "Customers"),
                    categories: ["Now", "Forecast"],
                    series: tiers.indices.map {
                        .init(name: tiers[$0], values: [figure.values("customers_now")[$0], figure.values("forecast_customers")[$0]])
                    },
                    unit: .count("customers")))
        }
        if figure.first == "trend", figure.has("customers") {
            charts.append(
                BarChart(
                    info: figure.info(
                        "trends", "Customers by spend trend", "Customers per spend trend over their active months.",
                        x: "Customers", y: "Spend trend"),
                    categories: figure.texts("trend"), series: [.init(name: "Customers", values: figure.values("customers"))],
                    unit: .count("customers"), ranked: true))
        }
        return charts
    }

    /// From-tier rows × to-tier columns of transition probabilities, in tier rank order.
    static func migration(_ figure: FigureSection) -> [any Chart] {
        let from = figure.texts("from_tier")
        let to = figure.texts("to_tier")
        let fromRank = figure.values("from_rank").map { Int($0 ?? "") ?? 0 }
        let toRank = figure.values("to_rank").map { Int($0 ?? "") ?? 0 }
        func ordered(_ names: [String], _ ranks: [Int]) -> [String] {
            var seen: [String: Int] = [:]
            for (name, rank) in zip(names, ranks) where seen[name] == nil { seen[name] = rank }
            return seen.keys.sorted { (seen[$0]!, $0) < (seen[$1]!, $1) }
        }
        let rows = ordered(from, fromRank)
        let columns = ordered(to, toRank)
        var values = Array(repeating: Array(repeating: String?.none, count: columns.count), count: rows.count)
        let probability = figure.values("probability")
        for index in from.indices {
            guard let row = rows.firstIndex(of: from[index]), let column = columns.firstIndex(of: to[index]) else { continue }
            values[row][column] = probability[index]
        }
        return [
            HeatmapChart(
                info: figure.info(
                    "migration", "Tier migration, previous month to as-of month",
                    "Probability of moving from each value tier (rows) to each tier (columns) in one month.",
                    x: "Tier in the as-of month", y: "Tier the month before"),
                rowLabels: rows, columnLabels: columns, values: values, unit: .percent, domain: (0, 1))
        ]
    }
}
