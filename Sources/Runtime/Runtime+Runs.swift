import Foundation
import PostgresClient
import Warehouse

extension Runtime {
    /// Runs `body` as a writer: under the warehouse lock (a second writer
    /// fails at once, naming the run that holds it) and recorded as one
    /// `etl.run` row, committed before the work starts so `crmwh runs`
    /// shows it running. The row ends `succeeded`, or `failed` with the
    /// error, unless `body` finished it with a status of its own.
    ///
    /// SIGINT or SIGTERM cancels the statement in flight (its transaction
    /// rolls back), the lock is released and the run ends `interrupted`
    /// (exit 1); a second signal exits at once.
    ///
    /// A dry run does all of it inside one transaction that is rolled back
    /// at the end, the run row included: the warehouse is left as it was.
    public func writer<T>(
        _ command: String, on connection: Connection, dryRun: Bool = false, _ body: (RunRecorder) throws -> T
    ) throws -> T {
        try holdingLock(connection) {
            guard dryRun else { return try recordedWriter(command, on: connection, body) }
            try connection.execute("begin")
            defer { if connection.isOpen { _ = try? connection.execute("rollback") } }
            return try recordedWriter(command + " --dry-run", on: connection, body)
        }
    }

    private func recordedWriter<T>(_ command: String, on connection: Connection, _ body: (RunRecorder) throws -> T) throws -> T {
        let recorder = try RunRecorder(connection: connection, command: command, version: Runtime.version)
        let cancel = connection.cancelHandle()
        let interrupt = cancellingOnSignal { cancel.send() }
        defer { interrupt.uninstall() }
        recorder.interrupt = interrupt
        do {
            let result = try body(recorder)
            if !recorder.isFinished { try recorder.finish(status: "succeeded", summary: [:]) }
            return result
        } catch {
            // The failed transaction is rolled back by now; the row still says what happened.
            if let signal = interrupt.signal {
                let stopped = Interrupted(signal: signal)
                if !recorder.isFinished { try? recorder.finish(status: "interrupted", summary: [:], message: "\(stopped)") }
                throw stopped
            }
            if !recorder.isFinished {
                try? recorder.finish(status: "failed", summary: [:], message: "\(error)")
            }
            throw error
        }
    }

    /// Catches SIGINT and SIGTERM: the first calls `cancel` (which cancels
    /// the statement in flight), a second exits at once. Every writer and
    /// the nightly job stop this one way.
    func cancellingOnSignal(_ cancel: @escaping @Sendable () -> Void) -> InterruptFlag {
        let logger = self.logger
        return InterruptFlag.install(onFirst: { _ in
            logger.warning("stopping: cancelling the statement in flight (a second signal stops at once)")
            cancel()
        })
    }

    /// The warehouse lock, or a `locked` error naming the run that holds it.
    public func holdingLock<T>(_ connection: Connection, _ body: () throws -> T) throws -> T {
        do {
            return try WarehouseLock.holding(connection, body)
        } catch let error as WarehouseError where error.code == .locked {
            guard let holder = try? RunHistory(connection: connection).currentHolder() else { throw error }
            throw WarehouseError(
                .locked, "\(error.message) (run \(holder.runID): \(holder.command), started \(holder.startedAt) UTC, pid \(holder.pid))")
        }
    }

    /// Refuses to work on a warehouse that has not been migrated.
    public func requireMigrated(_ connection: Connection) throws {
        try LoadSession.requireMigrated(connection)
    }

    public static let version = "0.2.0"
}
