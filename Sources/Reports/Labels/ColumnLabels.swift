/// The one dictionary of report column names: the label people read in the
/// HTML reports and the role that fixes the number format. CSV and JSON keep
/// the column names; `ColumnLabels.describe` documents them with these labels.
public enum ColumnLabels {
    public struct Entry: Sendable, Equatable {
        public var label: String
        public var role: ColumnRole
    }

    /// Names whose label or role the general rules would get wrong.
    static let dictionary: [String: Entry] = [
        "acquisition_channel": Entry(label: "Acquisition channel", role: .text),
        "active_customers": Entry(label: "Active customers", role: .count),
        "average_order_value": Entry(label: "Average order value", role: .money),
        "average_p_alive": Entry(label: "Average P(alive)", role: .percent),
        "average_predicted_clv": Entry(label: "Average predicted CLV", role: .money),
        "average_recency_days": Entry(label: "Average recency (days)", role: .decimal(1)),
        "average_frequency": Entry(label: "Average frequency (orders)", role: .decimal(2)),
        "average_monetary": Entry(label: "Average monetary value", role: .money),
        "average_relative_slope": Entry(label: "Average monthly trend", role: .percent),
        "average_orders_12m": Entry(label: "Average orders, 12 months", role: .decimal(2)),
        "average_revenue_12m": Entry(label: "Average revenue, 12 months", role: .money),
        "best_hour": Entry(label: "Best hour", role: .count),
        "campaign_code": Entry(label: "Campaign", role: .text),
        "cohort": Entry(label: "Cohort (first order month)", role: .text),
        "contacts_per_month": Entry(label: "Contacts per month", role: .count),
        "cost_per_response": Entry(label: "Cost per response", role: .money),
        "customers_now": Entry(label: "Customers now", role: .count),
        "forecast_customers": Entry(label: "Forecast customers", role: .decimal(1)),
        "from_rank": Entry(label: "From rank", role: .count),
        "to_rank": Entry(label: "To rank", role: .count),
        "lift": Entry(label: "Lift", role: .decimal(2)),
        "months_since": Entry(label: "Months since first order", role: .count),
        "new_per_month": Entry(label: "New customers per month", role: .decimal(1)),
        "active_forecast": Entry(label: "Active customers forecast", role: .decimal(1)),
        "orders_per_customer": Entry(label: "Orders per customer", role: .decimal(2)),
        "p_alive_model": Entry(label: "P(alive) model", role: .text),
        "p_alive_below_customers": Entry(label: "Customers with low P(alive)", role: .count),
        "p_alive_dropped_customers": Entry(label: "Customers whose P(alive) dropped", role: .count),
        "probability": Entry(label: "Probability", role: .percent),
        "purchase_frequency": Entry(label: "Purchase frequency (orders per customer)", role: .decimal(2)),
        "relative_response_rate": Entry(label: "Relative response rate", role: .decimal(2)),
        "revenue_per_active_customer": Entry(label: "Revenue per active customer", role: .money),
        "revenue_per_customer": Entry(label: "Revenue per customer", role: .money),
        "segment": Entry(label: "RFM segment", role: .text),
        "sku": Entry(label: "SKU", role: .text),
        "sku_a": Entry(label: "SKU A", role: .text),
        "sku_b": Entry(label: "SKU B", role: .text),
        "sku_share": Entry(label: "Share of SKUs", role: .percent),
        "skus": Entry(label: "SKUs", role: .count),
        "top_skus": Entry(label: "Top SKUs", role: .count),
        "top_20_percent_revenue_share": Entry(label: "Revenue share of the top 20 % of SKUs", role: .percent),
        "trailing_revenue": Entry(label: "Revenue, trailing 12 months", role: .money),
        "twelve_month_retention": Entry(label: "12-month retention", role: .percent),
        "value_12m_index": Entry(label: "12-month value index", role: .decimal(2)),
        "value_tier": Entry(label: "Value tier", role: .text),
        "point": Entry(label: "Point", role: .count),
        "support": Entry(label: "Support", role: .percent),
        "window_complete": Entry(label: "Window complete", role: .text),
    ]

    /// Words written differently from their snake_case form.
    static let words: [String: String] = [
        "clv": "CLV", "aov": "AOV", "rfm": "RFM", "sku": "SKU", "skus": "SKUs", "p": "P", "12m": "12 months",
        "vs": "vs", "a": "A", "b": "B",
    ]

    /// The entry for a column: the dictionary's, else one from the naming rules.
    public static func entry(_ name: String) -> Entry {
        if let entry = dictionary[name] { return entry }
        return Entry(label: label(fromName: name), role: role(fromName: name))
    }

    public static func label(_ name: String) -> String { entry(name).label }

    /// `revenue_vs_previous_rate` → "Revenue vs previous (rate)"-like text: words
    /// separated, first capitalised, known abbreviations kept.
    static func label(fromName name: String) -> String {
        var parts = name.split(separator: "_").map(String.init)
        if parts.count > 1, parts.last == "rate", parts.contains(where: { ["vs", "uplift"].contains($0) }) {
            parts.removeLast()
        }
        if let first = parts.first, first.hasPrefix("m"), Int(first.dropFirst()) != nil, parts.count == 1 {
            return "Month \(first.dropFirst())"
        }
        let shown = parts.map { words[$0] ?? $0 }
        guard let first = shown.first else { return name }
        return ([first.prefix(1).uppercased() + first.dropFirst()] + shown.dropFirst()).joined(separator: " ")
    }

    /// The role from the naming convention the marts keep (`*_rate`, `*_share`, money words …).
    static func role(fromName name: String) -> ColumnRole {
        switch ReadableNumber.role(ofColumn: name) {
        case .percent: return .percent
        case .money: return .money
        case .count:
            let decimalWords = ["average", "per_", "index", "frequency", "ratio"]
            return decimalWords.contains(where: { name.contains($0) }) ? .decimal(2) : .count
        }
    }

    /// The columns of a table with their labels and roles, as Markdown, for
    /// documenting what a CSV export's header means.
    public static func describe(_ columns: [ReportTable.Column]) -> String {
        var lines = ["| column | label | format |", "|---|---|---|"]
        for column in columns {
            let entry = entry(column.name)
            let format: String
            switch column.kind == .number ? entry.role : .text {
            case .money: format = "money, to the cent"
            case .percent: format = "share or rate (0.25 = 25 %)"
            case .count: format = "count"
            case .decimal(let places): format = "number, \(places) decimals shown"
            case .text: format = "text"
            }
            lines.append("| `\(column.name)` | \(entry.label) | \(format) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
