import PostgresClient

/// Server settings for one session of a run. Set with `set_config(…, false)`
/// so they last for the session (not only the current transaction) and
/// travel as parameters, never spliced into SQL.
public enum SessionSettings {
    /// Applies the timeouts as PostgreSQL interval text (`0` = none, `30s`, `5min`).
    /// `lock_timeout` makes a load that waits on a lock held by someone else
    /// (an analyst's long `lock table`, a stuck session) fail with 55P03
    /// instead of hanging the nightly run; `statement_timeout` caps any one
    /// statement (57014).
    public static func apply(connection: Connection, statementTimeout: String, lockTimeout: String) throws {
        try connection.query("select set_config('statement_timeout', $1, false)", [statementTimeout])
        try connection.query("select set_config('lock_timeout', $1, false)", [lockTimeout])
        // A killed crmwh (kill -9) leaves its backend running the statement, holding the
        // warehouse lock, until it next writes to the dead socket; from PostgreSQL 14 the
        // backend checks for its client every few seconds while it works instead.
        try connection.query(
            """
            select set_config('client_connection_check_interval', $1, false)
            where current_setting('server_version_num')::int >= 140000
            """, [clientCheckInterval])
    }

    /// How often a backend checks that crmwh is still there during a statement.
    public static let clientCheckInterval = "2s"
}
