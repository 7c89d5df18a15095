/// The headline figures of the pack: the latest month's KPIs with their
/// change against the previous month and the same month a year earlier.
struct KPICard: Equatable {
    var label: String
    var column: String
    var value: String
    var previousMonth: String?
    var lastYear: String?

    var role: ColumnRole { ColumnLabels.entry(column).role }
    /// Churn is the one headline figure where less is better.
    var higherIsBetter: Bool { column != "churned_customers" }
}

enum KPICards {
    static let measures: [(column: String, label: String)] = [
        ("revenue", "Revenue"), ("active_customers", "Active customers"), ("new_customers", "New customers"),
        ("churned_customers", "Churned customers"), ("retention_rate", "Retention rate"),
        ("average_order_value", "Average order value"), ("orders", "Orders"),
        ("average_predicted_clv", "Average predicted CLV"),
    ]

    /// The cards of the last month of a kpi_monthly table (months ascending).
    static func cards(_ kpis: ReportTable) -> (month: String, cards: [KPICard])? {
        guard let monthColumn = kpis.columnIndex("month"), let last = kpis.rows.last, let month = last[monthColumn]
        else { return nil }
        let months = kpis.rows.map { $0[monthColumn].map { String($0.prefix(7)) } }
        let current = String(month.prefix(7))
        func row(_ label: String) -> [String?]? { months.firstIndex(of: label).map { kpis.rows[$0] } }
        let previous = row(MonthLabel.shift(current, by: -1))
        let yearAgo = row(MonthLabel.shift(current, by: -12))
        let cards = measures.compactMap { measure -> KPICard? in
            guard let index = kpis.columnIndex(measure.column), let value = last[index] else { return nil }
            return KPICard(
                label: measure.label, column: measure.column, value: value,
                previousMonth: previous?[index], lastYear: yearAgo?[index])
        }
        return (current, cards)
    }
}

/// yyyy-mm labels.
enum MonthLabel {
    static func shift(_ label: String, by months: Int) -> String {
        let parts = label.split(separator: "-").compactMap { Int($0) }
        guard parts.count >= 2 else { return label }
        let index = parts[0] * 12 + (parts[1] - 1) + months
        let (year, month) = (index / 12, index % 12 + 1)
        return "\(year)-\(month < 10 ? "0" : "")\(month)"
    }
}
