import ArgumentParser
import Feeds
import Foundation
import Runtime
import Warehouse

struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load feed files into the warehouse, one transaction per file.",
        discussion: """
            FEED is a feed named in the configuration (its mapping, formats and max_reject_ratio apply), \
            else contacts, transactions, products, campaigns, interactions or fx_rates (files whose \
            columns carry the canonical names, see docs/feeds.md; refused above 10 % rejects, as in the \
            nightly run), or a feed definition file (--feed-file) that maps other columns. The \
            configuration's warehouse settings (base currency, static rates, time zone) apply as in crmwh run. A file whose content was loaded before is skipped \
            (--force loads it again; re-sent order lines replace the earlier ones). Rejected records go \
            to etl.reject and to FILE.rejects.csv. Rejects files are written owner-only \
            (warehouse.file_mode). SIGINT or SIGTERM cancels the file in flight (rolled back) and \
            records the run interrupted. Exit codes: 0 loaded, 1 a file failed or was refused or the \
            load was interrupted, 2 a bad feed definition or configuration, 3 rejects above the warning \
            level, 75 another run holds the lock. --dry-run does all of it, rejects files included, \
            in one transaction it rolls back, and prints what a load would have written.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "A configured feed's name or a feed kind, e.g. transactions (ignored with --feed-file).")
    var feed: String

    @Argument(help: "Files to load, in order.")
    var files: [String]

    @Option(help: ArgumentHelp("A feed definition (YAML) with mapping and formats.", valueName: "path"))
    var feedFile: String?

    @Flag(help: "Load files again even if their content was loaded before.")
    var force = false

    @Option(help: ArgumentHelp("Directory for *.rejects.csv (default: beside each file).", valueName: "dir"))
    var rejectDir: String?

    @Flag(help: "Read, validate and conform every record as a load would, write the rejects files and say what would be written; change nothing in the warehouse.")
    var dryRun = false

    func validate() throws {
        for file in files where !FileManager.default.fileExists(atPath: file) {
            throw ValidationError("no such file: \(file)")
        }
    }

    func run() throws {
        let runtime = try global.runtime()
        let definition = try runtime.config.feedDefinition(named: feed, feedFile: feedFile)
        var settings = runtime.config.loadSettings()
        settings.force = force
        settings.rejectDirectory = rejectDir
        settings.dryRun = dryRun
        let connection = try runtime.connect()
        try runtime.requireMigrated(connection)
        let sql = try runtime.sqlDirectory()
        let results = try runtime.writer("load \(definition.name)", on: connection, dryRun: dryRun) { recorder -> [FileLoadResult] in
            let session = LoadSession(connection: connection, sql: sql, settings: settings, logger: runtime.logger)
            let loader = FileLoader(connection: connection, sql: sql, settings: settings, runID: recorder.runID, logger: runtime.logger)
            loader.progress = ProgressReporter.standardError(quiet: global.quiet)
            let results = try session.load(files.map { ($0, definition) }, loader: loader, interrupt: recorder.interrupt)
            let outcome = LoadOutcome(results: results, warningRatio: settings.warningRejectRatio)
            try recorder.finish(status: outcome.runStatus, summary: outcome.summary)
            return results
        }
        CommandOutput(global).files(results)
        let code = LoadOutcome(results: results, warningRatio: settings.warningRejectRatio).exitCode
        if code != 0 { throw ExitCode(code) }
    }
}
