import PostgresClient

/// Session settings for the statements of a propensity run, for the open
/// transaction only (`set_config(…, true)`).
enum HistorySession {
    /// The history queries sort and hash every order line: up to 256 MB of
    /// work memory keeps that in memory, and JIT compilation costs more than
    /// it saves on them. No parallel workers: the run already reads the
    /// history on three connections at once, and workers on top of them only
    /// compete for the same cores (they took a tenth more server time).
    static func tune(_ connection: Connection) throws {
        try connection.execute(
            """
            select set_config('work_mem', '256MB', true) from pg_settings
            where name = 'work_mem' and setting::bigint < 262144
            """)
        try connection.execute("select set_config('jit', 'off', true)")
        try connection.execute("select set_config('max_parallel_workers_per_gather', '0', true)")
    }
}
