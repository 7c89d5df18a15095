extension Connection {
    /// Runs `body` inside BEGIN/COMMIT; any thrown error rolls back and is
    /// rethrown. A broken connection cannot roll back: the server discards
    /// the open transaction itself when the session ends.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("begin")
        do {
            let value = try body()
            try execute("commit")
            return value
        } catch {
            if isOpen { _ = try? execute("rollback") }
            throw error
        }
    }
}
