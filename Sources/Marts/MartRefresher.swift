import Foundation
import PostgresClient
import Warehouse

/// Installs the marts (sql/marts, all `create or replace`; as their owner) and rebuilds
/// what new data changed: the months of dw.fact_sales rows whose
/// etl_file_id is above the recorded high-water mark (and of sales of
/// products added or changed since), the snapshot months
/// those affect (m … m + 11, for trailing-12-month tiers), and the marts at
/// the latest data (customer value, RFM, trends, cohorts, KPIs, campaign
/// response, channel mix) for the customers whose days changed.
/// Everything happens in one transaction, so a failed refresh leaves the
/// previous one in place. The caller holds the warehouse lock.
public struct MartRefresher {
    let connection: Connection
    let sql: SQLDirectory
    /// Told when each step starts and ends (a progress line, a log line).
    public var observer: RefreshObserver?

    public init(connection: Connection, sql: SQLDirectory, observer: RefreshObserver? = nil) {
        self.connection = connection
        self.sql = sql
        self.observer = observer
    }

    /// Refreshes incrementally; `full` rebuilds every month. `settings`
    /// (the configuration's analysis parameters) are written first; a
    /// changed one rebuilds everything.
    @discardableResult
    public func refresh(full: Bool = false, settings: MartSettings? = nil) throws -> RefreshSummary {
        let started = Date()
        var clock = StepClock(observer: observer)
        // On Citus, replacing a function also replaces it on the workers, and
        // the shards' queries of the same transaction would wait for that on
        // other connections: there the marts are installed and committed first.
        let distributed = try WarehouseEngine.isDistributed(connection, table: "dw.fact_sales")
        if distributed {
            try clock.time("install") { try connection.transaction { try installMartsIfOwner() } }
        }
        return try connection.transaction {
            // JIT compiles each big statement anew: seconds per statement,
            // more than these set-based queries gain from it.
            try connection.execute("set local jit = off; set local work_mem = '256MB'")
            // On Citus, one connection per node: the refresh rewrites
            // co-located shards and reads them again in the same transaction
            // ("cannot perform query with placements that were modified over
            // multiple connections" otherwise).
            if distributed { try connection.execute("set local citus.multi_shard_modify_mode = 'sequential'") }
            if !distributed { try clock.time("install") { try installMartsIfOwner() } }
            let changedSettings = try settings.map { try $0.write(connection) } ?? []
            let marks = try RefreshMarks.read(connection)
            let rebuildAll = full || marks.needsRebuild
                || changedSettings.contains { !MartSettings.readByReportsOnly.contains($0) }
            var months = try rebuildAll ? allMonths() : changedMonths(since: marks.seenSales ?? 0)
            // The months whose lines changed, before those of changed
            // products: a product's cost or category moves no revenue,
            // order or purchase, which is all campaign touches, customer
            // windows and first orders read.
            let salesMonthArray = "{" + months.joined(separator: ",") + "}"
            if !rebuildAll && marks.productsChanged {
                months = Array(Set(months).union(try monthsSelling(productsSince: marks.seenProduct ?? 0))).sorted()
            }
            let monthArray = "{" + months.joined(separator: ",") + "}"
            // A nightly refresh probes the indexes of tables the cluster
            // keeps cached for a few thousand customers; at the default
            // random_page_cost the planner hashes whole tables instead.
            if !rebuildAll {
                try connection.execute("set local random_page_cost = 1.1")
            }
            if rebuildAll {
                try connection.execute(
                    """
                    truncate mart.customer_day, mart.customer_channel_month, mart.category_month,
                        mart.order_month, dw.fact_customer_month, mart.cohort_month, mart.kpi_month_events,
                        mart.churn_window_events
                    """)
            }
            try clock.time("base") {
                try connection.query(
                    "select mart.refresh_base($1::date[], $2, $3)", [monthArray, rebuildAll, marks.seenSales ?? 0])
            }
            // Cohort cells and KPI events: out go the changed customers'
            // contributions before their summary changes, in after.
            let incremental = !rebuildAll && !months.isEmpty
            if incremental {
                try clock.time("activity") { try connection.query("select mart.add_activity(-1, false)") }
            }
            let snapshot = try clock.time("snapshot") { try refreshSnapshot(monthArray) }
            try clock.time("value and rfm") {
                try connection.query(
                    "select mart.refresh_customer_summary($1, $2::date)", [rebuildAll, marks.seenAsOf])
            }
            if rebuildAll || incremental {
                try clock.time("activity") { try connection.query("select mart.add_activity(1, $1)", [rebuildAll]) }
            }
            try clock.time("value and rfm") { try connection.query("select mart.refresh_customer_current()") }
            let asOf = try connection.query("select mart.default_as_of()::text").string(0, 0) ?? ""
            // A new month moves every customer's 12-month trend and channel window.
            let monthMoved = rebuildAll || marks.seenAsOf.map { $0.prefix(7) != asOf.prefix(7) } ?? true
            // Trends and channel windows read revenue and orders alone: a
            // night without changed sales (a product's cost, interactions)
            // leaves them as they are.
            let salesChanged = salesMonthArray != "{}"
            try clock.time("trend") {
                if monthMoved || salesChanged {
                    try connection.query("select mart.refresh_customer_trend($1)", [monthMoved])
                }
            }
            try clock.time("campaign") {
                try connection.query(
                    "select mart.refresh_campaign_touch($1, $2::date[], $3)",
                    [rebuildAll || marks.interactionsReloaded, salesMonthArray, marks.interactionsAddedSince])
            }
            // Follows the campaign step's pairs: the same rebuild decision.
            try clock.time("promotion patterns") {
                try connection.query(
                    "select mart.refresh_promotion_patterns($1)", [rebuildAll || marks.interactionsReloaded])
            }
            try clock.time("channels") {
                if monthMoved || salesChanged {
                    try connection.query("select mart.refresh_channel_window($1)", [monthMoved])
                }
            }
            try clock.time("product structure") {
                try connection.query(
                    "select mart.refresh_product_structure($1::date[], $2::date[], $3, $4, $5)",
                    [monthArray, salesMonthArray, rebuildAll, monthMoved, marks.seenProduct ?? 0])
            }
            try clock.time("market") {
                try connection.query(
                    "select mart.refresh_customer_market($1, $2::date)", [rebuildAll, marks.seenAsOf])
            }
            // Per customer from the interactions alone: the customers of new files.
            try clock.time("contact patterns") {
                try connection.query(
                    "select mart.refresh_contact_patterns($1, $2)",
                    [rebuildAll || marks.interactionsReloaded, marks.interactionsAddedSince])
            }
            try clock.time("cohorts and kpis") { try rewriteCohortsAndKPIs() }
            // A nightly increment barely moves the statistics of the tables
            // it updates in place; autovacuum keeps them, a rebuild needs
            // them at once.
            if rebuildAll {
                try clock.time("analyze") {
                    try connection.execute(
                        """
                        analyze mart.customer_day, mart.customer_channel_month, mart.category_month,
                            mart.order_month, dw.fact_customer_month, mart.customer_summary, mart.customer_trend_current,
                            mart.cohort_month, mart.kpi_month_events, mart.churn_window_events
                        """)
                }
            }
            try clock.time("stored reports") { try refreshMaterializedViews() }
            try connection.query(
                """
                insert into etl.refresh_state (
                    subject, sales_file_id, product_file_id, interaction_file_id, as_of, refreshed_at, months_rebuilt
                )
                values ('marts', $1, $2, $3, $4::date, now(), $5)
                on conflict (subject) do update set
                    sales_file_id = excluded.sales_file_id,
                    product_file_id = excluded.product_file_id,
                    interaction_file_id = excluded.interaction_file_id,
                    as_of = excluded.as_of,
                    refreshed_at = excluded.refreshed_at,
                    months_rebuilt = excluded.months_rebuilt
                """, [marks.sales, marks.product, marks.interaction, asOf, snapshot.months])
            return RefreshSummary(
                isFull: rebuildAll, changedMonths: months, snapshotMonths: snapshot.months,
                snapshotRows: snapshot.rows, salesFileID: marks.sales,
                seconds: Date().timeIntervalSince(started), steps: clock.steps, changedSettings: changedSettings)
        }
    }

    /// Rebuilds the snapshot months the changed months affect; returns
    /// their number and the rows written.
    func refreshSnapshot(_ monthArray: String) throws -> (months: Int, rows: Int) {
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
        let count = affected.int(0, 1) ?? 0
        guard count > 0 else { return (0, 0) }
        let rows = try connection.query(
            "select mart.refresh_customer_month($1::date[])", [affected.string(0, 0) ?? "{}"])
        return (count, rows.int(0, 0) ?? 0)
    }

    /// Rewrites what new CLV scores change in the stored marts: the KPIs'
    /// average predicted CLV and the stored reports (a second or two), for
    /// `crmwh clv score` run on its own. The nightly job needs none of it:
    /// it scores before it refreshes. Returns false, doing nothing, before the
    /// first refresh.
    @discardableResult
    public func refreshAfterScoring() throws -> Bool {
        try connection.transaction {
            let refreshed = try connection.query("select 1 from etl.refresh_state where subject = 'marts'")
            guard refreshed.rowCount > 0 else { return false }
            try rewriteCohortsAndKPIs()
            try refreshMaterializedViews()
            return true
        }
    }

    /// Small tables, rewritten from their counts every time (the KPIs'
    /// average CLV follows new scores; so does every month's P(alive) in
    /// the churn mart, computed with the latest fit).
    func rewriteCohortsAndKPIs() throws {
        try connection.execute(
            """
            truncate mart.cohort_retention_table, mart.kpi_monthly_table;
            insert into mart.cohort_retention_table select * from mart.cohort_retention_from_cells();
            insert into mart.kpi_monthly_table select * from mart.kpi_monthly_from_events();
            select mart.refresh_churn_p_alive();
            """)
    }

    /// The stored default reports (materialized views the mart files
    /// define), refreshed as their owner by `mart.refresh_stored_reports`.
    func refreshMaterializedViews() throws {
        try connection.query("select mart.refresh_stored_reports()")
    }

    /// Installs the mart files when this session owns schema `mart`; a role
    /// that does not (the nightly loader) uses what `crmwh migrate`, run as
    /// the owner, installed (its `analyze` of the owner's tables is skipped
    /// by the server; autovacuum keeps those statistics).
    func installMartsIfOwner() throws {
        let state = try connection.query(
            """
            select coalesce(pg_has_role(current_user, n.nspowner, 'USAGE'), false),
                to_regprocedure('mart.refresh_stored_reports()') is not null
            from pg_namespace as n where n.nspname = 'mart'
            """)
        if state.bool(0, 0) == true {
            try installMarts()
        } else if state.bool(0, 1) != true {
            throw WarehouseError(
                .configuration, "the marts are not installed; run crmwh migrate as the owner of the warehouse schema")
        }
    }

    /// Runs every sql/marts file in name order, then sql/simulation (the
    /// campaign simulation's functions, which read the marts).
    public func installMarts() throws {
        for url in try sql.files(in: "marts") + sql.files(in: "simulation") {
            do {
                try connection.execute(try String(contentsOf: url, encoding: .utf8))
            } catch let error as PostgresError {
                throw WarehouseError(.load, "installing \(url.lastPathComponent) failed: \(error)")
            }
        }
    }

    /// Months (yyyy-mm-01) with lines of the orders that files above
    /// `fileID` added lines to: an order counts in the month of its first
    /// line, which a late line of it can move, and its category pairs
    /// follow every line.
    func changedMonths(since fileID: Int64) throws -> [String] {
        let registered = try registeredChangedMonths(since: fileID)
        if registered.first?[0] == "t" { return registered.compactMap { $0[1] } }
        return try connection.query(
            """
            select distinct to_char(date_trunc('month', d.full_date), 'YYYY-MM-DD')
            from (select distinct order_id from dw.fact_sales where etl_file_id > $1) as o
            join dw.fact_sales as s using (order_id)
            join dw.dim_date as d on d.date_key = s.date_key
            order by 1
            """, [fileID]
        ).rows.compactMap { $0[0] }
    }

    /// The months of `changedMonths` from the registry dw.order_line_key,
    /// which names the day (so the month partition) of every line the
    /// loader filed: probing the facts by order searches every month's
    /// partition. Rows of (registered, month); registered is false when a
    /// line of the orders in the new lines' months has no key there (it
    /// bypassed the loader), and the facts must be probed instead.
    private func registeredChangedMonths(since fileID: Int64) throws -> [[String?]] {
        try connection.query(
            """
            with new_lines as materialized (
                select order_id, date_key from dw.fact_sales where etl_file_id > $1
            ),
            orders as materialized (
                select distinct order_id from new_lines
            ),
            key_months as materialized (
                select k.date_key / 100 as month_key, count(*) as lines
                from orders as o
                join dw.order_line_key as k on k.order_id = o.order_id
                group by 1
            ),
            new_months as materialized (
                select min(date_key) as first_key, max(date_key) as last_key,
                    array_agg(distinct date_key / 100) as month_keys
                from new_lines
            ),
            -- The bounds prune the month partitions when the query runs.
            lines_there as materialized (
                select count(*) as lines
                from dw.fact_sales as s
                where s.date_key >= (select first_key from new_months)
                    and s.date_key <= (select last_key from new_months)
                    and s.date_key / 100 = any ((select month_keys from new_months)::integer[])
                    and s.order_id in (select order_id from orders)
            ),
            checked as (
                select coalesce((
                    select sum(k.lines) from key_months as k
                    where k.month_key = any ((select month_keys from new_months)::integer[])
                ), 0) = (select lines from lines_there) as registered
            )
            select c.registered, m.month
            from checked as c
            left join (
                select to_char(to_date(month_key::text || '01', 'YYYYMMDD'), 'YYYY-MM-DD') as month
                from key_months
            ) as m on true
            order by m.month
            """, [fileID]
        ).rows
    }

    /// Months (yyyy-mm-01) with sales of products added or changed by
    /// files above `fileID`.
    func monthsSelling(productsSince fileID: Int64) throws -> [String] {
        try connection.query(
            """
            select distinct to_char(date_trunc('month', d.full_date), 'YYYY-MM-DD')
            from dw.fact_sales as s
            join dw.dim_date as d using (date_key)
            where s.product_key in (select product_key from dw.dim_product where etl_file_id > $1)
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
