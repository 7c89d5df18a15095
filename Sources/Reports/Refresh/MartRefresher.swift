import Foundation
import PostgresClient
import Warehouse

/// Installs the marts (sql/marts, all `create or replace`) and rebuilds
/// what new data changed: the months of dw.fact_sales rows whose
/// etl_file_id is above the recorded high-water mark, the snapshot months
/// those affect (m … m + 11, for trailing-12-month tiers), and the tables
/// at the latest data (customer value, RFM, trends, cohorts, KPIs). Everything happens in one transaction, so a failed refresh
/// leaves the previous one in place. The caller holds the warehouse lock.
public struct MartRefresher {
    let connection: Connection
    let sql: SQLDirectory

    public init(connection: Connection, sql: SQLDirectory) {
        self.connection = connection
        self.sql = sql
    }

    /// Refreshes incrementally; `full` rebuilds every month.
    @discardableResult
    public func refresh(full: Bool = false) throws -> RefreshSummary {
        let started = Date()
        return try connection.transaction {
            // JIT compiles each big statement anew: seconds per statement,
            // more than these set-based queries gain from it.
            try connection.execute("set local jit = off; set local work_mem = '256MB'")
            try installMarts()
            let state = try connection.query(
                "select sales_file_id, product_file_id from etl.refresh_state where subject = 'marts'")
            let latest = try connection.query(
                """
                select
                    (select coalesce(max(etl_file_id), 0) from dw.fact_sales),
                    (select coalesce(max(etl_file_id), 0) from dw.dim_product)
                """)
            let salesFileID = Int64(latest.string(0, 0) ?? "0") ?? 0
            let productFileID = Int64(latest.string(0, 1) ?? "0") ?? 0
            let seenSales = state.rowCount == 0 ? nil : Int64(state.string(0, 0) ?? "0")
            let seenProduct = state.rowCount == 0 ? nil : Int64(state.string(0, 1) ?? "0")
            // A product's category or cost feeds every month's margin and
            // affinity; a high-water mark that went down means facts were
            // reloaded. Both rebuild everything.
            let rebuildAll =
                full || seenSales == nil || productFileID > (seenProduct ?? 0) || salesFileID < (seenSales ?? 0)
            let months = try rebuildAll ? allMonths() : changedMonths(since: seenSales ?? 0)
            if rebuildAll {
                try connection.execute(
                    """
                    truncate mart.customer_day, mart.customer_channel_month, mart.category_month,
                        mart.order_month, dw.fact_customer_month
                    """)
            }
            var snapshotMonths = 0
            var snapshotRows = 0
            if !months.isEmpty {
                let monthArray = "{" + months.joined(separator: ",") + "}"
                try connection.query("select mart.refresh_base($1::date[])", [monthArray])
                let affected = try connection.query(
                    """
                    select coalesce(array_agg(distinct g::date order by g::date)::text, '{}'), count(distinct g)
                    from unnest($1::date[]) as c(month)
                    cross join lateral generate_series(
                        c.month,
                        least(c.month + interval '11 months',
                            (select date_trunc('month', max(ordered_on)) from mart.customer_day)),
                        interval '1 month') as g
                    """, [monthArray])
                snapshotMonths = affected.int(0, 1) ?? 0
                let rows = try connection.query(
                    "select mart.refresh_customer_month($1::date[])", [affected.string(0, 0) ?? "{}"])
                snapshotRows = rows.int(0, 0) ?? 0
            }
            // Always: the marts at the latest data depend on every month, and
            // the KPIs' average CLV follows new scores.
            try connection.execute(
                """
                truncate mart.customer_value_current, mart.customer_rfm_current, mart.customer_trend_current,
                    mart.cohort_retention_table, mart.kpi_monthly_table;
                insert into mart.customer_value_current select * from mart.customer_value_compute(null);
                insert into mart.customer_rfm_current select * from mart.customer_rfm_compute(null);
                insert into mart.customer_trend_current select * from mart.customer_trend_compute(null);
                insert into mart.cohort_retention_table select * from mart.cohort_retention_compute();
                insert into mart.kpi_monthly_table select * from mart.kpi_monthly_compute();
                analyze mart.customer_value_current, mart.customer_rfm_current, mart.customer_trend_current,
                    mart.cohort_retention_table, mart.kpi_monthly_table;
                """)
            // A nightly month barely moves the statistics of the big tables;
            // autovacuum keeps them, a rebuild needs them at once.
            if rebuildAll {
                try connection.execute(
                    """
                    analyze mart.customer_day, mart.customer_channel_month, mart.category_month, mart.order_month,
                        dw.fact_customer_month
                    """)
            }
            // The stored default reports (materialized views the mart files define).
            let views = try connection.query(
                "select quote_ident(schemaname) || '.' || quote_ident(matviewname) from pg_matviews where schemaname = 'mart' order by 1")
            for row in views.rows {
                try connection.execute("refresh materialized view \(row[0]!)")
            }
            try connection.query(
                """
                insert into etl.refresh_state (subject, sales_file_id, product_file_id, refreshed_at, months_rebuilt)
                values ('marts', $1, $2, now(), $3)
                on conflict (subject) do update set
                    sales_file_id = excluded.sales_file_id,
                    product_file_id = excluded.product_file_id,
                    refreshed_at = excluded.refreshed_at,
                    months_rebuilt = excluded.months_rebuilt
                """, [salesFileID, productFileID, snapshotMonths])
            return RefreshSummary(
                isFull: rebuildAll, changedMonths: months, snapshotMonths: snapshotMonths,
                snapshotRows: snapshotRows, salesFileID: salesFileID, seconds: Date().timeIntervalSince(started))
        }
    }

    /// Runs every sql/marts file in name order.
    public func installMarts() throws {
        for url in try sql.files(in: "marts") {
            do {
                try connection.execute(try String(contentsOf: url, encoding: .utf8))
            } catch let error as PostgresError {
                throw WarehouseError(.load, "installing \(url.lastPathComponent) failed: \(error)")
            }
        }
    }

    /// Months (yyyy-mm-01) with sales lines loaded from files above `fileID`.
    func changedMonths(since fileID: Int64) throws -> [String] {
        try connection.query(
            """
            select distinct to_char(date_trunc('month', d.full_date), 'YYYY-MM-DD')
            from dw.fact_sales as s
            join dw.dim_date as d using (date_key)
            where s.etl_file_id > $1
            order by 1
            """, [fileID]
        ).rows.compactMap { $0[0] }
    }

    /// Every month from the first to the last sale.
    func allMonths() throws -> [String] {
        try connection.query(
            """
            select to_char(g, 'YYYY-MM-DD')
            from (
                select
                    to_date(min(date_key)::text, 'YYYYMMDD') as first_day,
                    to_date(max(date_key)::text, 'YYYYMMDD') as last_day
                from dw.fact_sales
                where date_key > 0
            ) as bounds
            cross join lateral generate_series(
                date_trunc('month', first_day), date_trunc('month', last_day), interval '1 month') as g
            """
        ).rows.compactMap { $0[0] }
    }
}
