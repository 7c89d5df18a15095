import ArgumentParser
import Foundation
import Generator
import Runtime
import Warehouse

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show crmwh end to end: generate realistic feeds, run the nightly job, print the customer value report.",
        discussion: """
            Uses the configured database, else the embedded cluster in CRMWH_HOME (or the config's home:, \
            else .crmwh), created and started if needed. \
            Writes three years of feeds up to the end of last month into DIR/inbox (default \
            .crmwh/demo), runs the nightly job on them \
            (load with rejects, refresh the marts, score) and prints the run summary and the customer \
            value report; every `crmwh report` then answers from the marts. Running the demo again \
            in the same month loads nothing new: the same files are recognised and skipped.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Customers to generate.")
    var customers = 50_000

    @Option(help: "Order lines to generate (approximately).")
    var transactions = 1_000_000

    @Option(help: ArgumentHelp("Working directory for inbox/, archive/, error/ and out/.", valueName: "dir"))
    var dir: String?

    @Flag(help: "Leave the marts for a later `crmwh refresh` (a quicker demo; reports need the refresh).")
    var skipMarts = false

    func run() throws {
        var runtime = try global.runtime()
        let logger = runtime.logger
        let started = Date()
        if global.config == nil {
            let base = URL(fileURLWithPath: dir ?? runtime.embeddedHome.appendingPathComponent("demo").path)
            runtime.config.directories = DirectoriesSection(base: base)
            // The nightly run's exports write the management pack beside the KPIs.
            if !skipMarts { runtime.config.exports.append(.managementPack) }
        }
        let config = runtime.config
        for action in try runtime.startEmbeddedClusterIfSelected() { logger.info("\(action)") }
        try FileManager.default.createDirectory(at: config.directories.inbox, withIntermediateDirectories: true)

        logger.info("generating \(customers) customers and about \(transactions) order lines in \(config.directories.inbox.path)")
        let manifest = try FeedGenerator(options: GeneratorOptions(
            customers: customers, transactions: transactions, outputDirectory: config.directories.inbox.path,
            endDay: Self.endOfLastMonth())).run()
        try? FileManager.default.removeItem(at: config.directories.inbox.appendingPathComponent("manifest.json"))
        logger.info("generated \(manifest.expectations.orderLines + manifest.planted.count) order lines with \(manifest.planted.count) planted bad records")

        var job = NightlyJob(runtime: runtime)
        job.command = "demo"
        job.refreshMarts = !skipMarts
        job.progress = ProgressReporter.standardError(quiet: global.quiet)
        job.refreshObserver = StepProgress(label: "refresh", logger: logger, quiet: global.quiet)
        let outcome = try job.execute()
        print("\nNightly run \(outcome.runID): \(outcome.status)\n")
        print(LoadSummaryTable.render(outcome.files))
        print("\n" + (try DemoReport(connection: try runtime.connect()).render()))
        let next = skipMarts ? "crmwh refresh, then crmwh report --list" : "crmwh report overview · crmwh report --list"
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        print("\ndemo finished in \(seconds) s. Next: crmwh runs show \(outcome.runID) · \(next) · psql \"$(crmwh db url)\"")
        if let pack = DemoPack.path(runtime.config) { print("Management pack: \(pack)") }
        // The planted bad records are the point of the demo, not a failure.
        if outcome.exitCode != 0 && outcome.exitCode != ExitStatus.rejectsAboveWarning { throw ExitCode(outcome.exitCode) }
    }

    /// History ends on the last day of the previous month (UTC), so the
    /// nightly job's default export, last month's KPIs, has its data, and a
    /// second demo in the same month finds the same files.
    static func endOfLastMonth(now: Date = Date()) -> Int {
        let today = Int((now.timeIntervalSince1970 / 86_400).rounded(.down))
        let (year, month, _) = Civil.date(today)
        return Civil.day(year: year, month: month, day: 1) - 1
    }
}
