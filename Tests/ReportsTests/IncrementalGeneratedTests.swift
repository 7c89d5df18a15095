import PostgresClient
import XCTest

/// Nightly increments on the generated warehouse: after each incremental
/// refresh every stored mart equals what a full rebuild gives, and the
/// stored marts equal their from-scratch functions.
final class IncrementalGeneratedTests: XCTestCase {
    /// Everything a refresh stores, the views over it and the stored reports.
    static let tables = IncrementalRefreshTests.tables + [
        "mart.customer_summary", "mart.customer_value_current", "mart.customer_rfm_current",
        "mart.customer_trend_current", "mart.cohort_month", "mart.kpi_month_events",
        "mart.cohort_retention_table", "mart.campaign_touch", "mart.customer_channel_window",
        "mart.campaign_response_current", "mart.channel_mix_current", "mart.channel_customers_current",
        "mart.product_pair_affinity_current", "mart.churn_window_events", "mart.churn",
        "mart.promotion_contact", "mart.customer_promotion",
        "mart.customer_market", "mart.market_cells_current",
        "mart.product_month", "mart.customer_product_window", "mart.product_window_customers",
        "mart.customer_gateway", "mart.product_revenue_current", "mart.gateway_categories_current",
        "mart.customer_contact_month", "mart.customer_contact_hour", "mart.customer_contact_preference",
        "mart.contact_campaign_channel", "mart.contact_pattern_current", "mart.contact_pressure_current",
    ]

    func testIncrementalRefreshesEqualFullRebuilds() throws {
        let warehouse = try WarehouseBuilder(prefix: "incremental_generated")
        let connection = warehouse.connection
        try connection.execute("select setseed(0.29)")
        try connection.execute(try GeneratedWarehouse.generatorSQL)
        try connection.execute(
            """
            select pg_temp.generate_dimensions(800, '2024-01-01');
            select pg_temp.generate_sales(800, 3000, '2024-01-01', 700, 1, 'A');
            select pg_temp.generate_contacts(800, '2024-01-01', 700);
            update mart.settings set value = 2 where name = 'product_pair_min_orders';
            """)
        XCTAssertTrue(try warehouse.refresh().isFull)

        let nights: [(name: String, sql: String, months: Int)] = [
            // The next day, in the month of the last data (returns a week later).
            ("next day", "select pg_temp.generate_sales(800, 40, '2025-12-08', 1, 2, 'B')", 1),
            // Responses to a campaign, whose response windows the next nights' sales reach.
            (
                "responses",
                """
                insert into dw.fact_interaction (
                    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
                    interaction_type, etl_run_id, etl_file_id
                )
                select
                    'late-' || c.customer_id, timestamptz '2025-12-20 10:00+00', 20251220, c.customer_key,
                    c.customer_id, -1, p.campaign_key, 'responded', 2, 3
                from dw.dim_customer as c, dw.dim_campaign as p
                where c.is_current and c.customer_id between 'C0000001' and 'C0000060' and p.campaign_code = 'CMP1';
                select pg_temp.generate_sales(800, 40, '2025-12-21', 1, 4, 'C');
                """, 1
            ),
            // A new month: every trailing window moves.
            ("new month", "select pg_temp.generate_sales(800, 60, '2026-01-05', 1, 5, 'D')", 1),
            // A late file: old months, first orders that move earlier, returns.
            ("late file", "select pg_temp.generate_sales(800, 60, '2024-02-01', 40, 6, 'E')", 2),
            // Late lines of old orders, a day after their last line in another
            // channel and category, the next month: the orders stay in
            // their first line's month, whose category pairs change.
            ("late lines", "select pg_temp.split_orders(0, 7, '2024-05-31')", 2),
            // Late lines inside the 12-month window: the months already
            // stored for the customers who bought in them change.
            ("late lines in the window", "select pg_temp.split_orders(0, 8, '2025-10-31')", 2),
            // Re-sent lines that name another product: what the customers
            // bought in that month is replaced, not added to.
            (
                "re-sent lines with another product",
                """
                update dw.fact_sales as s
                set product_key = (
                        select min(p.product_key) from dw.dim_product as p
                        where p.product_key > 0 and p.product_key <> s.product_key
                    ),
                    etl_file_id = 9
                where (s.order_id, s.line_no) in (
                    select order_id, line_no from dw.fact_sales
                    where date_key between 20251101 and 20251130 and not is_return and customer_id like 'C%'
                    order by order_id, line_no
                    limit 20
                )
                """, 1
            ),
            // A product moves to another category: the months it sold in,
            // and the gateways of first orders holding it.
            (
                "a product's category",
                "update dw.dim_product set category = 'wine', etl_file_id = 8 where sku = 'P0003'", 1
            ),
            // A campaign's channel changes: its touches that name no channel move.
            (
                "a campaign's channel",
                "update dw.dim_campaign set channel = 'direct_mail', etl_file_id = 9 where campaign_code = 'CMP2'", 0
            ),
            // A product's cost: its months' margins, and nothing that reads
            // revenue, orders or purchases alone.
            (
                "a product's cost",
                "update dw.dim_product set unit_cost = coalesce(unit_cost, 0) + 1, etl_file_id = 10 where sku = 'P0005'", 1
            ),
            ("idle", "select 1", 0),
        ]
        for night in nights {
            try connection.execute(night.sql)
            let summary = try warehouse.refresh()
            XCTAssertFalse(summary.isFull, night.name)
            XCTAssertGreaterThanOrEqual(summary.changedMonths.count, night.months, night.name)
            try assertStoredEqualsComputed(warehouse, night.name)
            let incremental = try snapshot(connection)
            XCTAssertTrue(try warehouse.refresh(full: true).isFull)
            let rebuilt = try snapshot(connection)
            for table in Self.tables {
                XCTAssertFalse(rebuilt[table]?.isEmpty ?? true, "\(table) after \(night.name)")
                let missing = Set(rebuilt[table] ?? []).subtracting(incremental[table] ?? [])
                let extra = Set(incremental[table] ?? []).subtracting(rebuilt[table] ?? [])
                XCTAssertEqual(
                    incremental[table], rebuilt[table],
                    "\(table) after \(night.name): missing \(missing.sorted().prefix(3)), extra \(extra.sorted().prefix(3))")
            }
        }
        // The late file moved some customers' first order (and cohort) earlier.
        let moved = try warehouse.records(
            """
            select count(*)::text as customers
            from (
                select customer_id
                from dw.fact_sales
                where customer_id <> 'unknown' and not is_return
                group by customer_id
                having min(date_key / 100) filter (where etl_file_id = 6) < min(date_key / 100) filter (where etl_file_id < 6)
            ) as c
            """)
        XCTAssertNotEqual(moved.first?["customers"], "0")
    }

    /// The stored tables against the functions that compute them from scratch.
    func assertStoredEqualsComputed(_ warehouse: WarehouseBuilder, _ night: String) throws {
        for (table, function) in [
            ("mart.customer_rfm_current", "mart.customer_rfm_compute(mart.default_as_of())"),
            ("mart.customer_value_current", "mart.customer_value_compute(mart.default_as_of())"),
            ("mart.customer_trend_current", "mart.customer_trend_compute(mart.default_as_of())"),
            ("mart.cohort_retention_table", "mart.cohort_retention_compute()"),
            ("mart.kpi_monthly_table", "mart.kpi_monthly_compute()"),
            ("mart.churn_window_events", "mart.churn_window_events_compute()"),
            ("mart.channel_mix_current", "mart.channel_mix_compute(null, 12)"),
            ("mart.channel_customers_current", "mart.channel_customers_compute(null, 12)"),
            ("mart.campaign_response_current", "mart.campaign_response_compute(null, null)"),
            ("mart.promotion_contact", "mart.promotion_contact_compute()"),
            ("mart.customer_promotion", "mart.customer_promotion_compute()"),
            ("mart.customer_market", "mart.customer_market_compute(mart.default_as_of())"),
            ("mart.market_cells_current", "mart.market_cells_compute(mart.default_as_of(), 12)"),
            ("mart.product_revenue_current", "mart.product_revenue_compute(null, 12)"),
            ("mart.customer_gateway", "mart.customer_gateway_compute()"),
            ("mart.gateway_categories_current", "mart.gateway_categories_compute(null)"),
            ("mart.customer_contact_month", "mart.customer_contact_month_of(null, null)"),
            ("mart.customer_contact_hour", "mart.customer_contact_hour_of(null, null, null)"),
            ("mart.customer_contact_preference", "mart.customer_contact_preference_of(null, null)"),
            ("mart.contact_pattern_current", "mart.contact_pattern_cells(false, null, 12, true)"),
            ("mart.contact_pressure_current", "mart.contact_pressure_cells(false, null, 12)"),
        ] {
            let count = try warehouse.records(
                """
                select
                    (select count(*) from (select * from \(table) except select * from \(function)) as a)::text
                        as missing,
                    (select count(*) from (select * from \(function) except select * from \(table)) as b)::text
                        as extra
                """)[0]
            XCTAssertEqual(count["missing"]!!, "0", "\(table) after \(night)")
            XCTAssertEqual(count["extra"]!!, "0", "\(table) after \(night)")
        }
    }

    /// Every row of the stored tables, sorted, as text.
    func snapshot(_ connection: Connection) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for table in Self.tables {
            result[table] = try connection.query("select t::text from \(table) as t order by 1").rows.map { $0[0]! }
        }
        return result
    }
}
