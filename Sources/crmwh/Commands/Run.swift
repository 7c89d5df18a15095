import ArgumentParser
import Foundation
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
        let outcome = try NightlyJob.execute(config: config, global: global, force: force, logger: logger)
        if !global.quiet {
            print(outcome.files.isEmpty ? "no new files in \(config.directories.inbox.path)" : LoadSummaryTable.render(outcome.files))
            print("run \(outcome.runID): \(outcome.status)")
        }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
