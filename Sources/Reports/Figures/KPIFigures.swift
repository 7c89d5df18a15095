/// KPI trends: revenue, customers and retention of the last 12 months, with
/// the same months a year earlier as a dashed reference where the report has them.
enum KPIFigures {
    static func charts(_ figure: FigureSection) -> [any Chart] {
        guard figure.has("month", "active_customers", "revenue", "retention_rate") else { return [] }
        let months = figure.texts("month").map { String($0.prefix(7)) }
        let recent = Array(months.indices.suffix(12))
        let categories = recent.map { months[$0] }
        func current(_ column: String) -> [String?] { recent.map { figure.values(column)[$0] } }
        func yearBefore(_ column: String) -> [String?] {
            recent.map { $0 >= 12 ? figure.values(column)[$0 - 12] : nil }
        }
        func series(_ column: String, _ name: String) -> [LineChart.Series] {
            let reference = yearBefore(column)
            return [LineChart.Series(name: name, values: current(column))]
                + (reference.contains { $0 != nil }
                    ? [LineChart.Series(name: "\(name), a year earlier", values: reference, isReference: true)] : [])
        }
        let span = "\(categories.first ?? "") to \(categories.last ?? "")"
        var charts: [any Chart] = [
            LineChart(
                info: figure.info(
                    "revenue", "Revenue per month", "Monthly revenue \(span), with the same months a year earlier.",
                    x: "Month", y: "Revenue (\(figure.currency))"),
                categories: categories, series: series("revenue", "Revenue"), unit: figure.money),
            LineChart(
                info: figure.info(
                    "customers", "Active, new and churned customers",
                    "Customers active, new and churned per month, \(span).", x: "Month", y: "Customers"),
                categories: categories,
                series: [
                    LineChart.Series(name: "Active", values: current("active_customers")),
                    LineChart.Series(name: "New", values: current("new_customers")),
                    LineChart.Series(name: "Churned", values: current("churned_customers")),
                ] + series("active_customers", "Active").dropFirst(),
                unit: .count("customers")),
        ]
        charts.append(
            LineChart(
                info: figure.info(
                    "retention", "Retention rate", "Share of the previous months' customers still active, \(span).",
                    x: "Month", y: "Retention (%)"),
                categories: categories, series: series("retention_rate", "Retention"), unit: .percent,
                includeZero: false))
        return charts
    }
}
