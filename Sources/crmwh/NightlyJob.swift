import Foundation
import Logging
import PostgresClient
import Warehouse

/// What `crmwh run` (and the demo) do: retries around one nightly run,
/// under the warehouse lock, after applying pending migrations.
enum NightlyJob {
    /// `refreshMarts: false` leaves the marts (and the exports built on them) for a later `crmwh refresh`.
    static func execute(
        config: CRMWHConfig, global: GlobalOptions, force: Bool, refreshMarts: Bool = true, logger: Logger
    ) throws -> NightlyRun.Outcome {
        try config.directories.createWorkDirectories()
        let access = try WarehouseAccess(global: global, config: config, logger: logger)
        let interrupt = InterruptFlag.install(onFirst: { _ in
            logger.warning("stopping after the file in flight (a second signal stops at once)")
        })
        defer { interrupt.uninstall() }

        return try Retry.transient(attempts: config.retryAttempts, logger: logger) { () -> NightlyRun.Outcome in
            let connection = try access.connect()
            try SessionSettings.apply(
                connection: connection, statementTimeout: config.warehouse.statementTimeout,
                lockTimeout: config.warehouse.lockTimeout)
            let sql = try access.sqlDirectory()
            return try WarehouseLock.holding(connection) {
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
                    postSteps: PostLoadSteps.make(config: config, logger: logger, refresh: refreshMarts), logger: logger)
                nightly.shouldStop = { interrupt.isSet }
                nightly.progress = ProgressReporter.standardError(quiet: global.quiet)
                return try nightly.run(version: CRMWHVersion.current)
            }
        }
    }
}
