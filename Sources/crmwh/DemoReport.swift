import Foundation
import PostgresClient
import Reports

/// The customer value summary the demo ends with: what the warehouse now
/// knows, the Pareto structure of value (from the marts, as `crmwh report
/// customer_value` defines it) and the customers worth most. Rendered like
/// the table reports, numbers shown for reading.
struct DemoReport {
    let connection: Connection

    func render() throws -> String {
        let martsRefreshed = try connection.query("select 1 from etl.refresh_state where subject = 'marts'").rowCount > 0
        var sections = [
            try section(
                "Customer value",
                """
                select count(distinct customer_id) as customers,
                    count(distinct order_id) filter (where not is_return) as orders,
                    sum(amount_base) as revenue_usd,
                    round(sum(amount_base) / nullif(count(distinct order_id) filter (where not is_return), 0), 2)
                        as average_order_value
                from dw.fact_sales where customer_id <> 'unknown'
                """)
        ]
        // The demo's --skip-marts leaves the marts for a later refresh.
        if martsRefreshed {
            sections.append(
                try section(
                    "Value tiers by trailing 12-month revenue (Pareto)",
                    """
                    select value_tier, customers, trailing_revenue, pareto_share, cumulative_share,
                        average_predicted_clv
                    from mart.value_tiers(null) order by tier_rank
                    """))
        }
        sections.append(
            try section(
                "Most valuable customers by predicted 12-month value (BG/NBD + Gamma-Gamma)",
                """
                with latest as (select max(as_of) as as_of from dw.customer_score)
                select s.customer_id, d.city, d.country, round(s.p_alive::numeric, 3) as p_alive,
                    round(s.expected_purchases::numeric, 1) as expected_purchases,
                    s.clv as predicted_clv_usd, h.revenue as historic_revenue_usd
                from dw.customer_score as s
                join latest using (as_of)
                join dw.dim_customer as d on d.customer_id = s.customer_id and d.is_current
                join (select customer_id, sum(amount_base) as revenue from dw.fact_sales group by customer_id) as h
                    on h.customer_id = s.customer_id
                order by s.clv desc limit 10
                """))
        let text = sections.map { $0.title + "\n\n" + TableRenderer.render($0) }.joined(separator: "\n")
        return martsRefreshed
            ? text : text + "\nValue tiers and the other marts: crmwh refresh, then crmwh report --list\n"
    }

    func section(_ title: String, _ sql: String) throws -> ReportSection {
        ReportSection(title: title, table: ReportTable(try connection.query(sql)))
    }
}
