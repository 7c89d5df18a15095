import PostgresClient

/// The facts' monthly partitions (migration 0021): made before rows arrive
/// where their months are known, and the default partition emptied into
/// partitions of their own after each file, so it stays empty between loads.
/// The functions run as the warehouse's owner (the loader owns nothing).
extension FileLoader {
    /// The partitions of `fact` for the months of these date keys (yyyymmdd).
    func ensureMonthPartitions(_ fact: String, dateKeys: [Int]) throws {
        for key in dateKeys {
            try connection.query("select dw.ensure_month_partitions($1::regclass, $2, $2)", [fact, key])
        }
    }

    /// The partitions of `fact` for this month and the next, in the
    /// reporting time zone: what a nightly file of order lines fills; and
    /// with `from` (a date key), those from its month on as well.
    func ensurePartitionsAhead(_ fact: String, from: Int32? = nil) throws {
        try connection.query(
            try sql.text("load/fact_partitions_ahead.sql"), [fact, settings.reportingTimeZone, from.map { Int($0) }])
    }

    /// Moves the rows `fact`'s default partition caught into partitions of
    /// their own months, creating those; returns how many it moved.
    @discardableResult
    func settleDefaultPartition(_ fact: String) throws -> Int {
        try connection.query("select dw.settle_default_partition($1::regclass)", [fact]).int(0, 0) ?? 0
    }
}
