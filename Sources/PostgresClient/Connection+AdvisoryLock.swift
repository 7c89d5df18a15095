extension Connection {
    /// Tries to take a session-level advisory lock; returns at once.
    /// The lock lasts until `releaseAdvisoryLock` or the end of the session.
    public func tryAdvisoryLock(_ key: Int64) throws -> Bool {
        try query("select pg_try_advisory_lock($1::bigint)", [key]).bool(0, 0) ?? false
    }

    @discardableResult
    public func releaseAdvisoryLock(_ key: Int64) throws -> Bool {
        try query("select pg_advisory_unlock($1::bigint)", [key]).bool(0, 0) ?? false
    }
}
