/// Cohort retention as curves (a few cohorts) and as a heatmap shaded on
/// months ≥ 1 (month 0 is 100 % by definition and would wash out the rest);
/// churn and contact frequency as lines.
enum RetentionFigures {
    static let heatmapMonths = 12

    static func charts(_ figure: FigureSection) -> [any Chart] {
        if figure.section.style == .heatmap, figure.names.count > 2, figure.names[1] == "m0" {
            let months = Array(figure.names.dropFirst())
            return [heatmap(figure, cohorts: figure.texts(figure.names[0]), months: months,
                            values: figure.table.rows.map { Array($0.dropFirst()) })]
        }
        if figure.first == "cohort", figure.has("months_since", "retention_rate") { return long(figure) }
        if figure.first == "month", figure.has("churn_rate", "churned_customers"), figure.lacks("active_customers") {
            let months = figure.texts("month").map { String($0.prefix(7)) }
            return [
                LineChart(
                    info: figure.info("churn", "Churn rate per month", "Share of the customer base churned each month.",
                                      x: "Month", y: "Churn rate (%)"),
                    categories: months, series: [.init(name: "Churn rate", values: figure.values("churn_rate"))],
                    unit: .percent)
            ]
        }
        if figure.first == "contacts_per_month", figure.has("response_rate", "unsubscribe_rate") {
            return [
                LineChart(
                    info: figure.info(
                        "fatigue", "Response and unsubscribe rate by contacts per month",
                        "Response and unsubscribe rates against how often a customer was contacted in a month.",
                        x: "Contacts per customer and month", y: "Rate (%)"),
                    categories: figure.texts("contacts_per_month"),
                    series: [
                        .init(name: "Response rate", values: figure.values("response_rate")),
                        .init(name: "Unsubscribe rate", values: figure.values("unsubscribe_rate")),
                    ],
                    unit: .percent)
            ]
        }
        return []
    }

    /// The long table (cohort, months_since, retention_rate …) pivoted.
    static func long(_ figure: FigureSection) -> [any Chart] {
        var cohorts: [String] = []
        var cells: [String: [String?]] = [:]
        let since = figure.values("months_since").map { Int($0 ?? "") ?? -1 }
        let rates = figure.values("retention_rate")
        for (index, cohort) in figure.texts("cohort").enumerated() where (0...heatmapMonths).contains(since[index]) {
            if cells[cohort] == nil {
                cohorts.append(cohort)
                cells[cohort] = Array(repeating: nil, count: heatmapMonths + 1)
            }
            cells[cohort]![since[index]] = rates[index]
        }
        let months = (0...heatmapMonths).map { "m\($0)" }
        let values = cohorts.map { cells[$0]! }
        // Every sixth cohort, newest last, so the curves stay apart.
        let picked = cohorts.indices.filter { (cohorts.count - 1 - $0) % 6 == 0 }.suffix(6)
        let curves = LineChart(
            info: figure.info(
                "curves", "Retention curves of selected cohorts",
                "Share of each acquisition cohort active n months after its first order, every sixth cohort.",
                x: "Months since first order", y: "Retention (%)"),
            categories: (0...heatmapMonths).map(String.init),
            series: picked.map { .init(name: cohorts[$0], values: values[$0]) }, unit: .percent)
        return [curves, heatmap(figure, cohorts: cohorts, months: months, values: values)]
    }

    static func heatmap(_ figure: FigureSection, cohorts: [String], months: [String], values: [[String?]]) -> any Chart {
        let domain = HeatmapChart.domain(of: values, columns: 1..<max(months.count, 2))
        return HeatmapChart(
            info: figure.info(
                "heatmap", "Retention by cohort and month",
                "Share of each acquisition cohort (rows) active in each month since its first order (columns); shaded on months 1 and later.",
                x: "Months since first order", y: "Cohort"),
            rowLabels: cohorts, columnLabels: months.map { String($0.dropFirst()) }, values: values, unit: .percent,
            domain: domain, domainNote: "month 0 = 100 %, outlined")
    }
}
