import ArgumentParser
import Foundation
import Logging
import PostgresClient
import Warehouse

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The nightly job: load every feed's new inbox files, then refresh, score and export.",
        discussion: """
            Applies pending migrations, takes the warehouse lock (exit 75 if another run holds it), \
            loads each feed's inbox files in dependency order (fx_rates, products, campaigns, contacts, \
            then transactions and interactions), one transaction per file, and moves each file to \
            archive/ (loaded or already loaded) or error/ (refused or failed) with its rejects beside \
            it. Then runs the post-load steps. A lost connection is retried with backoff; SIGINT or \
            SIGTERM stops after the file in flight. Exit codes: 0 success, 1 failure, 2 configuration \
            error, 3 rejects above the warning level, 75 locked. See docs/operations.md.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Load files again even if their content was loaded before.")
    var force = false

    func run() throws {
        let logger = global.makeLogger()
        let config = try CRMWHConfig.load(path: global.config)
        try config.directories.createWorkDirectories()
        let access = try WarehouseAccess(global: global, config: config, logger: logger)
        let interrupt = InterruptFlag.install(onFirst: { _ in
            logger.warning("stopping after the file in flight (a second signal stops at once)")
        })
        defer { interrupt.uninstall() }

        let outcome = try Retry.transient(attempts: config.retryAttempts, logger: logger) { () -> NightlyRun.Outcome in
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
                    postSteps: PostLoadSteps.make(config: config, logger: logger), logger: logger)
                nightly.shouldStop = { interrupt.isSet }
                return try nightly.run(version: CRMWHVersion.current)
            }
        }
        if !global.quiet {
            print(outcome.files.isEmpty ? "no new files in \(config.directories.inbox.path)" : LoadSummaryTable.render(outcome.files))
            print("run \(outcome.runID): \(outcome.status)")
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
