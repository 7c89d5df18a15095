import Foundation
import PostgresClient

/// The customer value summary the demo ends with: what the warehouse now
/// knows, the Pareto structure of value and the customers worth most.
struct DemoReport {
    let connection: Connection

    func render() throws -> String {
        var text = "Customer value\n\n"
        text += try table(
            """
            select count(distinct customer_id) as customers,
                count(distinct order_id) as orders,
                to_char(sum(amount_base), 'FM999,999,999,990.00') as revenue_usd,
                to_char(sum(amount_base) / nullif(count(distinct order_id), 0), 'FM999,990.00') as avg_order_usd
            from dw.fact_sales where customer_id <> 'unknown'
            """)
        text += "\nValue tiers by revenue (Pareto)\n\n"
        text += try table(
            """
            with revenue as (
                select customer_id, sum(amount_base) as revenue from dw.fact_sales group by customer_id
            ),
            ranked as (
                select revenue, percent_rank() over (order by revenue desc) as rank from revenue
            )
            select tier, count(*) as customers,
                to_char(sum(revenue), 'FM999,999,999,990.00') as revenue_usd,
                to_char(100 * sum(revenue) / sum(sum(revenue)) over (), 'FM990.0') || ' %' as share
            from (
                select revenue, rank, case when rank < 0.01 then 'top 1 %' when rank < 0.05 then 'next 4 %'
                    when rank < 0.20 then 'next 15 %' else 'rest 80 %' end as tier
                from ranked
            ) as t
            group by tier order by min(rank)
            """)
        text += "\nMost valuable customers by predicted 12-month value (BG/NBD + Gamma-Gamma)\n\n"
        text += try table(
            """
            with latest as (select max(as_of) as as_of from dw.customer_score)
            select s.customer_id, d.city, d.country, to_char(s.p_alive, 'FM0.000') as p_alive,
                to_char(s.expected_purchases, 'FM990.0') as exp_purchases,
                to_char(s.clv, 'FM999,990.00') as predicted_clv_usd,
                to_char(h.revenue, 'FM999,990.00') as historic_usd
            from dw.customer_score as s
            join latest using (as_of)
            join dw.dim_customer as d on d.customer_id = s.customer_id and d.is_current
            join (select customer_id, sum(amount_base) as revenue from dw.fact_sales group by customer_id) as h
                on h.customer_id = s.customer_id
            order by s.clv desc limit 10
            """)
        return text
    }

    /// An aligned text table of a query's result (numbers right-aligned).
    func table(_ sql: String) throws -> String {
        let result = try connection.query(sql)
        let header = result.columnNames
        let rows = result.rows.map { $0.map { $0 ?? "" } }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                let numeric = cell.first.map { $0.isNumber || $0 == "-" } ?? false
                return numeric ? pad + cell : cell + pad
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n") + "\n"
    }
}
