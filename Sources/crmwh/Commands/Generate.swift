import ArgumentParser
import Foundation
import Generator

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write realistic, reproducible synthetic feeds and a manifest of what loading them must report.",
        discussion: """
            Writes products.csv, campaigns.csv, contacts.csv, transactions.csv, interactions.csv, \
            fx_rates.csv and manifest.json into --out. The same seed gives byte-identical files. \
            See docs/generator.md.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "People in contacts (distinct customers after identity resolution).")
    var customers: Int

    @Option(help: "Target number of transaction lines (the manifest records the exact count).")
    var transactions: Int

    @Option(help: ArgumentHelp("Output directory (created if missing).", valueName: "dir"))
    var out: String

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    @Option(help: "Output format (only csv).")
    var format: String = "csv"

    @Option(help: ArgumentHelp("Share of planted bad records per file (0 disables them).", valueName: "ratio"))
    var badRatio: Double = 0.001

    @Option(help: ArgumentHelp("Last day of history.", valueName: "YYYY-MM-DD"))
    var endDate: String = "2026-10-31"

    @Option(help: "Years of history before the end date.")
    var years: Int = 3

    @Flag(help: "Plant an effect of contact on next-month upward tier moves for lapsed and new customers (manifest: migration_plant).")
    var plantMigrationEffect = false

    func validate() throws {
        guard customers > 0 else { throw ValidationError("--customers must be positive") }
        guard transactions >= 0 else { throw ValidationError("--transactions must not be negative") }
        guard format == "csv" else { throw ValidationError("--format: only csv is supported") }
        guard (0...0.5).contains(badRatio) else { throw ValidationError("--bad-ratio must be between 0 and 0.5") }
        guard Civil.parse(endDate) != nil else { throw ValidationError("--end-date must be a date like 2026-10-31") }
        guard (1...10).contains(years) else { throw ValidationError("--years must be between 1 and 10") }
    }

    func run() throws {
        var options = GeneratorOptions(
            customers: customers, transactions: transactions, outputDirectory: out, seed: seed, badRatio: badRatio,
            endDay: Civil.parse(endDate)!, historyYears: years)
        options.plantsMigrationEffect = plantMigrationEffect
        let started = Date()
        // Domain failures (an unwritable directory, a full disk) exit 1, not as usage errors.
        let manifest = try FeedGenerator(options: options).run()
        let seconds = Date().timeIntervalSince(started)
        if !global.quiet {
            let lines = manifest.files["transactions.csv"]?.records ?? 0
            var message = "generated \(lines) transaction lines, \(manifest.expectations.orders) orders, "
            message += "\(manifest.planted.count) planted issues in \(out) "
            message += "(\(String(format: "%.1f", seconds)) s)\n"
            FileHandle.standardError.write(Data(message.utf8))
        }
    }
}
