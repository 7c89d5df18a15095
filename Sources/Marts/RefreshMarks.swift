import PostgresClient

/// What the last refresh processed (etl.refresh_state) against what the
/// warehouse holds now: the inputs of the incremental decisions.
struct RefreshMarks {
    var seenSales: Int64?
    var seenProduct: Int64?
    var seenInteraction: Int64?
    /// As-of date (yyyy-mm-dd) of the stored marts; nil before the first
    /// refresh that kept the incremental tables.
    var seenAsOf: String?
    var sales: Int64
    var product: Int64
    var interaction: Int64

    static func read(_ connection: Connection) throws -> RefreshMarks {
        let state = try connection.query(
            """
            select sales_file_id, product_file_id, interaction_file_id, as_of::text
            from etl.refresh_state where subject = 'marts'
            """)
        let latest = try connection.query(
            """
            select
                (select coalesce(max(etl_file_id), 0) from dw.fact_sales),
                (select coalesce(max(etl_file_id), 0) from dw.dim_product),
                (select coalesce(max(etl_file_id), 0) from dw.fact_interaction)
            """)
        let seen = state.rowCount == 0 ? nil : state
        return RefreshMarks(
            seenSales: seen.flatMap { Int64($0.string(0, 0) ?? "") },
            seenProduct: seen.flatMap { Int64($0.string(0, 1) ?? "") },
            seenInteraction: seen.flatMap { Int64($0.string(0, 2) ?? "") },
            seenAsOf: seen?.string(0, 3),
            sales: Int64(latest.string(0, 0) ?? "0") ?? 0,
            product: Int64(latest.string(0, 1) ?? "0") ?? 0,
            interaction: Int64(latest.string(0, 2) ?? "0") ?? 0)
    }

    /// A high-water mark that went down means facts were reloaded; without
    /// an as-of date the incremental tables are empty. Each rebuilds
    /// everything.
    var needsRebuild: Bool {
        guard let seenSales, seenAsOf != nil else { return true }
        return sales < seenSales
    }

    /// Products were added or changed since the last refresh: their
    /// category and cost feed the margins and affinities of every month
    /// they were sold in.
    var productsChanged: Bool {
        product > (seenProduct ?? 0)
    }

    /// Interactions arrived (or were re-sent) since the last refresh: the
    /// mark the pairs of newer files are found above.
    var interactionsAddedSince: Int64? {
        interaction > (seenInteraction ?? 0) ? seenInteraction ?? 0 : nil
    }

    /// The interaction mark went down: interactions were reloaded.
    var interactionsReloaded: Bool {
        interaction < (seenInteraction ?? 0)
    }
}
