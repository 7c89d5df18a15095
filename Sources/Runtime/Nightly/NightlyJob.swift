import Foundation
import Logging
import Marts
import PostgresClient
import Warehouse

/// The nightly job (`crmwh run`, and the demo): pending migrations, then
/// under the warehouse lock every feed's inbox files, then in one pass the
/// steps after loading (score → refresh → exports, see `PostLoadSteps`).
/// A lost connection retries the whole run with backoff; files already
/// loaded are recognised by their hash.
public struct NightlyJob {
    public let runtime: Runtime
    /// The command recorded in etl.run (`run`, or `demo`).
    public var command = "run"
    /// Load files again even if their content was loaded before.
    public var force = false
    /// false leaves the marts (and the exports built on them) for a later `crmwh refresh`.
    public var refreshMarts = true
    /// Told how far each file got (a progress bar on a terminal).
    public var progress: LoadProgress?
    /// Told how the refresh goes.
    public var refreshObserver: RefreshObserver?
    /// Load every inbox file as the night would, in one transaction rolled
    /// back at the end: files stay in the inbox, nothing runs after loading.
    public var dryRun = false

    public init(runtime: Runtime) {
        self.runtime = runtime
    }

    public func execute() throws -> NightlyOutcome {
        let config = runtime.config
        let logger = runtime.logger
        try config.requireInbox()
        if !dryRun { try config.directories.createWorkDirectories() }
        // The first signal cancels the statement in flight (a file's load rolls back and the
        // file stays in the inbox; a step stops) and the run ends `interrupted`.
        let inFlight = CancelSlot()
        let interrupt = runtime.cancellingOnSignal { inFlight.cancel() }
        defer { interrupt.uninstall() }
        let sql = try runtime.sqlDirectory()

        let run = try Retry.transient(attempts: config.retryAttempts, logger: logger) { () -> NightlyRun.Outcome in
            let connection = try runtime.connect()
            inFlight.set(connection.cancelHandle())
            return try runtime.holdingLock(connection) {
                if dryRun { try connection.execute("begin") }
                defer { if dryRun && connection.isOpen { _ = try? connection.execute("rollback") } }
                let applied = try Migrator(connection: connection, sql: sql).migrate()
                if !applied.isEmpty { logger.info("applied \(applied.count) migration(s)") }
                var settings = config.loadSettings()
                settings.force = force
                var nightly = NightlyRun(
                    connection: connection, sql: sql, settings: settings,
                    layout: InboxLayout(
                        inbox: config.directories.inbox, archive: config.directories.archive,
                        error: config.directories.error, output: config.directories.output),
                    feeds: config.feedsInDependencyOrder, inboxFiles: config.inboxFiles(for:),
                    postSteps: PostLoadSteps(runtime: runtime, sql: sql, refreshObserver: refreshObserver)
                        .steps(refresh: refreshMarts),
                    logger: logger)
                nightly.unmatchedFiles = config.unmatchedInboxFiles()
                nightly.shouldStop = { interrupt.isSet }
                nightly.progress = progress
                nightly.dryRun = dryRun
                return try nightly.run(version: Runtime.version, command: dryRun ? command + " --dry-run" : command)
            }
        }
        return NightlyOutcome(run: run)
    }
}

/// What a nightly run did, for the CLI to print and turn into an exit code.
public struct NightlyOutcome {
    public let run: NightlyRun.Outcome
    public var runID: Int64 { run.runID }
    public var files: [FileLoadResult] { run.files }
    public var status: String { run.status }
    public var exitCode: Int32 { run.exitCode }
    public var unmatchedFiles: [String] { run.unmatchedFiles }
}

/// The cancel handle of the connection in use, swapped when a retry
/// reconnects; read by the signal watcher's thread.
final class CancelSlot: @unchecked Sendable {
    private let lock = NSLock()
    private var handle: CancelHandle?

    func set(_ handle: CancelHandle) {
        lock.withLock { self.handle = handle }
    }

    func cancel() {
        lock.withLock { handle }?.send()
    }
}
