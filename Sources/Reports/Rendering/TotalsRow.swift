import Foundation

/// The totals row of a table whose rows split a whole (tiers, segments,
/// channels, categories, markets, campaigns): the columns that add up are
/// summed exactly; the others stay empty.
enum TotalsRow {
    /// By a table's first column: the columns that add up over its rows.
    static let additive: [String: Set<String>] = [
        "value_tier": ["customers", "customer_share", "trailing_revenue", "pareto_share", "revenue", "margin",
            "customers_now", "now_share", "forecast_customers", "forecast_share"],
        "segment": ["customers", "customer_share", "revenue", "revenue_share"],
        "channel": ["revenue", "revenue_share", "orders"],
        "channel_usage": ["customers", "revenue"],
        "trend": ["customers", "customer_share"],
        "category": ["revenue", "revenue_share", "margin", "units"],
        "sku": ["revenue", "revenue_share", "margin", "units"],
        "campaign_code": ["treatment_customers", "control_customers", "responded", "attributed_revenue", "allocated_cost"],
        "country": ["customers", "active_customers", "new_customers", "orders", "revenue", "margin",
            "revenue_previous", "revenue_last_year", "active_customers_previous", "active_customers_last_year"],
        "contacts_per_month": ["customer_months"],
    ]

    /// Columns that split the rows further: a table with one of them beside
    /// its first column repeats customers across rows and gets no total.
    static let splitting: Set<String> = ["segment", "value_tier", "month", "category_a", "to_tier", "hour", "weekday"]

    /// The sums by column index, or nil when the table gets no totals row.
    static func sums(_ table: ReportTable) -> [Int: String]? {
        guard table.rows.count > 1, let first = table.columns.first,
            let columns = additive[first.name],
            !table.columns.dropFirst().contains(where: { splitting.contains($0.name) })
        else { return nil }
        var sums: [Int: String] = [:]
        for (index, column) in table.columns.enumerated() where columns.contains(column.name) && column.kind == .number {
            var total = Decimal(0)
            for row in table.rows {
                guard let text = row[index] else { continue }
                guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
                total += value
            }
            sums[index] = "\(total)"
        }
        return sums.isEmpty ? nil : sums
    }
}
