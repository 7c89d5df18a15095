/// Product structure: revenue by category as a Pareto, category shares per
/// month as stacked bars.
enum ProductFigures {
    static func charts(_ figure: FigureSection) -> [any Chart] {
        if figure.first == "category", figure.has("revenue", "revenue_share"),
            figure.lacks("subcategory", "month", "sku", "category_a")
        {
            let revenue = figure.values("revenue")
            let order = revenue.indices.sorted {
                let (a, b) = (plotted(revenue[$0]) ?? 0, plotted(revenue[$1]) ?? 0)
                return a != b ? a > b : $0 < $1
            }
            let categories = figure.texts("category")
            return [
                ParetoChart(
                    info: figure.info(
                        "pareto", "Revenue by category",
                        "Revenue of each category, largest first, with the cumulative share of all revenue.",
                        x: "Category", y: "Revenue (\(figure.currency))"),
                    categories: order.map { categories[$0] }, values: order.map { revenue[$0] }, unit: figure.money)
            ]
        }
        if figure.names.first == "month", figure.has("category", "revenue_share") {
            var months: [String] = []
            var categories: [String] = []
            var shares: [String: String?] = [:]
            let monthValues = figure.texts("month").map { String($0.prefix(7)) }
            let categoryValues = figure.texts("category")
            let shareValues = figure.values("revenue_share")
            for index in monthValues.indices {
                if !months.contains(monthValues[index]) { months.append(monthValues[index]) }
                if !categories.contains(categoryValues[index]) { categories.append(categoryValues[index]) }
                shares[monthValues[index] + "\u{0}" + categoryValues[index]] = shareValues[index]
            }
            return [
                StackedBarChart(
                    info: figure.info(
                        "category-months", "Category share of revenue per month",
                        "Each category's share of the month's revenue.", x: "Month", y: "Share of revenue (%)"),
                    categories: months,
                    series: categories.map { category in
                        .init(name: category, values: months.map { (shares[$0 + "\u{0}" + category] ?? nil) })
                    },
                    unit: .percent, normalized: true)
            ]
        }
        return []
    }
}
