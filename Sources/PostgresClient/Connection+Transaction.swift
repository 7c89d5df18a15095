import CLibPQ

extension Connection {
    /// Runs `body` inside BEGIN/COMMIT; any thrown error rolls back and is
    /// rethrown. A broken connection cannot roll back: the server discards
    /// the open transaction itself when the session ends.
    ///
    /// Inside a transaction already open (a dry run holds one around a whole
    /// load, to roll it all back), `body` runs in a savepoint instead: an
    /// error undoes only its work, and success leaves it to the outer end.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if isInTransaction { return try inSavepoint(body) }
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

    /// Whether a transaction block is open on this session.
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    private func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        try execute("savepoint crmwh_nested")
        do {
            let value = try body()
            try execute("release savepoint crmwh_nested")
            return value
        } catch {
            if isOpen { _ = try? execute("rollback to savepoint crmwh_nested; release savepoint crmwh_nested") }
            throw error
        }
    }
}
