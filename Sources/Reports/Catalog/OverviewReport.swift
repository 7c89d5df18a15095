import PostgresClient

/// The one-page summary for managers: the last 12 months of KPIs, value
/// tiers with their Pareto share, RFM segments and the retention heatmap.
enum OverviewReport {
    static let definition = ReportDefinition(
        name: "overview", title: "Customer value overview",
        summary: "KPIs of the last 12 months, value tiers with Pareto share, RFM segments, retention heatmap",
        takesMonths: false, produce: sections)

    static func sections(_ connection: Connection, _ parameters: ReportParameters) throws -> [ReportSection] {
        let kpis = try ReportQuery.table(
            connection,
            """
            with recent as (
                select * from mart.kpi_monthly
                where month <= coalesce($1::date, 'infinity')
                order by month desc
                limit 12
            )
            select
                to_char(month, 'YYYY-MM') as month,
                active_customers,
                new_customers,
                churned_customers,
                retention_rate,
                revenue,
                orders,
                average_order_value,
                repeat_purchase_rate,
                average_predicted_clv
            from recent
            order by month
            """, parameters)
        let tiers = try ReportQuery.table(
            connection,
            """
            select value_tier, customers, customer_share, trailing_revenue, pareto_share, cumulative_share,
                average_predicted_clv
            from mart.value_tiers($1::date)
            """, parameters)
        let segments = try ReportQuery.table(connection, "select * from mart.rfm_segments($1::date)", parameters)
        let retention = try ReportQuery.table(
            connection, "select cohort, months_since, retention_rate from mart.cohort_retention", ReportParameters())
        return [
            ReportSection(title: "KPIs, last 12 months", table: kpis),
            ReportSection(title: "Value tiers and Pareto share", table: tiers),
            ReportSection(title: "RFM segments", table: segments),
            ReportSection(title: "Retention by acquisition cohort", table: pivot(retention, months: 12), style: .heatmap),
        ]
    }

    /// Cohorts as rows, months since first order (0 … months) as columns.
    static func pivot(_ long: ReportTable, months: Int) -> ReportTable {
        var order: [String] = []
        var cells: [String: [String?]] = [:]
        for row in long.rows {
            guard let cohort = row[0], let since = row[1].flatMap({ Int($0) }), since <= months else { continue }
            if cells[cohort] == nil {
                order.append(cohort)
                cells[cohort] = Array(repeating: nil, count: months + 1)
            }
            cells[cohort]![since] = row[2]
        }
        return ReportTable(
            columns: [.init("cohort", .text)] + (0...months).map { .init("m\($0)", .number) },
            rows: order.map { [$0] + cells[$0]! })
    }
}
