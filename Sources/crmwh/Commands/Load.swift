import ArgumentParser
import Feeds
import Foundation
import Warehouse

struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load feed files into the warehouse, one transaction per file.",
        discussion: """
            FEED is contacts, transactions, products, campaigns, interactions or fx_rates (files whose \
            columns carry the canonical names, see docs/feeds.md), or a feed definition file \
            (--feed-file) that maps other columns. A file whose content was loaded before is skipped \
            (--force loads it again; re-sent order lines replace the earlier ones). Rejected records go \
            to etl.reject and to FILE.rejects.csv. Exit codes: 0 loaded, 1 a file failed or was \
            refused, 3 rejects above the warning level, 75 another run holds the lock.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Feed kind, e.g. transactions (ignored with --feed-file).")
    var feed: String

    @Argument(help: "Files to load, in order.")
    var files: [String]

    @Option(help: ArgumentHelp("A feed definition (YAML) with mapping and formats.", valueName: "path"))
    var feedFile: String?

    @Flag(help: "Load files again even if their content was loaded before.")
    var force = false

    @Option(help: ArgumentHelp("Directory for *.rejects.csv (default: beside each file).", valueName: "dir"))
    var rejectDir: String?

    func validate() throws {
        if feedFile == nil && FeedKind(name: feed) == nil {
            throw ValidationError(
                "unknown feed '\(feed)'; use one of \(FeedKind.allCases.map(\.rawValue).joined(separator: ", ")) or --feed-file")
        }
        for file in files where !FileManager.default.fileExists(atPath: file) {
            throw ValidationError("no such file: \(file)")
        }
    }

    func run() throws {
        let logger = global.makeLogger()
        let definition = try feedFile.map { try FeedDefinition.load(path: $0) } ?? FeedDefinition.canonical(FeedKind(name: feed)!)
        let access = try WarehouseAccess(global: global, logger: logger)
        let connection = try access.connect()
        try LoadSession.requireMigrated(connection)
        var settings = LoadSettings()
        settings.force = force
        settings.rejectDirectory = rejectDir
        let results = try WarehouseLock.holding(connection) { () -> [FileLoadResult] in
            let recorder = try RunRecorder(connection: connection, command: "load \(definition.name)", version: CRMWHVersion.current)
            let session = LoadSession(connection: connection, sql: try access.sqlDirectory(), settings: settings, logger: logger)
            let loader = FileLoader(connection: connection, sql: session.sql, settings: settings, runID: recorder.runID, logger: logger)
            loader.progress = ProgressReporter.standardError(quiet: global.quiet)
            let results = try session.load(files.map { ($0, definition) }, loader: loader)
            let outcome = LoadOutcome(results: results, warningRatio: settings.warningRejectRatio)
            try recorder.finish(status: outcome.runStatus, summary: outcome.summary)
            return results
        }
        print(LoadSummaryTable.render(results))
        let code = LoadOutcome(results: results, warningRatio: settings.warningRejectRatio).exitCode
        if code != 0 { throw ExitCode(code) }
    }
}
