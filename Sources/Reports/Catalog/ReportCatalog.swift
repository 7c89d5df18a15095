import PostgresClient

/// Every report `crmwh report` knows, in the order `--list` shows them.
/// Each reads the marts (sql/marts) that `crmwh refresh` keeps current.
public enum ReportCatalog {
    public static let all: [ReportDefinition] = [
        OverviewReport.definition,
        ReportDefinition(
            name: "kpi_monthly", title: "Monthly KPIs",
            summary: "Active, new, returning and churned customers, retention, revenue, orders, AOV, frequency, CLV per month",
            sql: "select * from mart.kpi_monthly where month <= coalesce($1::date, 'infinity') order by month"),
        ReportDefinition(
            name: "customer_rfm", title: "RFM segments",
            summary: "Customers, revenue and average recency, frequency, monetary value and predicted CLV per RFM segment",
            sql: "select * from mart.rfm_segments($1::date)"),
        ReportDefinition(
            name: "customer_value", title: "Value tiers",
            summary: "Customers and trailing-12-month revenue per value tier with the Pareto share, margin and predicted CLV",
            sql: "select * from mart.value_tiers($1::date)"),
        ReportDefinition(
            name: "value_migration", title: "Value tier migration",
            summary: "Tier-to-tier transition counts and probabilities from the previous month to the as-of month",
            sql: "select * from mart.value_migration(null, date_trunc('month', $1::date)::date)"),
        ReportDefinition(
            name: "value_forecast", title: "Value tier forecast",
            summary: "Tier counts --months ahead (default 12) by a recency chain pooled over analysis.forecast.pool_months; --backtest checks it against past months",
            produce: ValueForecastReport.sections),
        ReportDefinition(
            name: "cohort_retention", title: "Cohort retention",
            summary: "Acquisition month × months since first order: active customers, retention and revenue retention",
            takesAsOf: false, sql: "select * from mart.cohort_retention"),
        ChurnReport.definition,
        ClvReport.definition,
        ClvDiagnosticsReport.definition,
        ReportDefinition(
            name: "product_affinity", title: "Category affinity",
            summary: "Category pairs bought in the same order: support, confidence, lift (last --months months, default 12)",
            sql: "select * from mart.product_affinity($1::date, coalesce($2::integer, 12))"),
        ReportDefinition(
            name: "product_pairs", title: "Product pair affinity",
            summary: "Product pairs bought together in at least product_pair_min_orders orders, strongest lift first (last --months months, default 1)",
            sql: """
                with bounds as materialized (
                    select coalesce($1::date, mart.default_as_of()) as last_day
                ),
                pairs as (
                    select * from mart.product_pair_affinity_current where $1::date is null and $2::integer is null
                    union all
                    select p.*
                    from bounds as b,
                        mart.product_pair_affinity(
                            (b.last_day - make_interval(months => coalesce($2::integer, 1)))::date + 1, b.last_day
                        ) as p
                    where $1::date is not null or $2::integer is not null
                )
                select * from pairs order by lift desc, orders_both desc, sku_a, sku_b
                """,
            explainEmpty: ProductPairsReport.explainEmpty),
        ProductStructureReport.definition,
        ReportDefinition(
            name: "campaign_response", title: "Campaign response",
            summary: "Per campaign, and by segment and tier the day before it: response, attributed revenue, uplift over the control group with 95 % intervals",
            takesMonths: false, produce: CampaignResponseReport.sections),
        ReportDefinition(
            name: "contact_frequency", title: "Contact frequency",
            summary: "Fatigue curve: contacts per customer and month against response and unsubscribe rates",
            sql: "select * from mart.contact_frequency($1::date, coalesce($2::integer, 12))"),
        ContactPatternsReport.definition,
        PromotionPatternsReport.definition,
        MigrationDriversReport.definition,
        ReportDefinition(
            name: "channel_mix", title: "Channel mix",
            summary: "Revenue, orders and customers per channel; single- against multichannel customers",
            produce: ChannelMixReport.sections),
        ReportDefinition(
            name: "market", title: "Market",
            summary: "Per country, city and acquisition channel: customers, revenue, margin, AOV, value-tier mix, 12-month retention, change on the previous period and last year (--months, default 12)",
            sql: "select * from mart.market($1::date, coalesce($2::integer, 12))"),
        ReportDefinition(
            name: "customer_trend", title: "Customer spend trend",
            summary: "Customers per spend trend (growth, stable, declining, volatile, occasional) over their active months of 12",
            sql: "select * from mart.customer_trends($1::date)"),
    ]

    /// The report named `name`, or a usage error listing the names.
    public static func named(_ name: String) throws -> ReportDefinition {
        guard let report = all.first(where: { $0.name == name }) else {
            throw ReportError.usage(
                "unknown report '\(name)'; reports: \(all.map(\.name).joined(separator: ", ")) (crmwh report --list)")
        }
        return report
    }

    /// The names and summaries, one a line, for `--list`.
    public static var listing: String {
        let width = all.map(\.name.count).max() ?? 0
        return all.map { $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.summary }
            .joined(separator: "\n") + "\n"
    }
}

/// Channel mix: two tables, per channel and single against multichannel.
enum ChannelMixReport {
    static func sections(_ connection: Connection, _ parameters: ReportParameters) throws -> [ReportSection] {
        [
            ReportSection(
                title: "Revenue per channel",
                table: try ReportQuery.table(
                    connection, "select * from mart.channel_mix($1::date, coalesce($2::integer, 12))", parameters)),
            ReportSection(
                title: "Single- and multichannel customers",
                table: try ReportQuery.table(
                    connection, "select * from mart.channel_customers($1::date, coalesce($2::integer, 12))",
                    parameters)),
        ]
    }
}
