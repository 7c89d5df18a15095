import PostgresClient

/// Migration drivers: customers contacted in a month against comparable
/// customers who were not (matched exactly on tier, RFM segment, tenure band
/// and propensity band at the month's start), compared on their tier moves
/// over the month, pooled over the --months complete months up to --as-of
/// (docs/marts.md, "Migration drivers").
enum MigrationDriversReport {
    static let definition = ReportDefinition(
        name: "migration_drivers", title: "Migration drivers",
        summary: "Contacted against matched not-contacted customers (tier, segment, tenure, propensity at the month's "
            + "start): next-month tier moves up and down with 95 % intervals, overall, per segment and channel (--months, default 12)",
        sql: "select * from mart.migration_drivers($1::date, coalesce($2::integer, 12))")
}
