import ArgumentParser
import Foundation
import Reports
import Runtime

struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print or write a customer value report from the marts.",
        discussion: """
            Reports read the marts that crmwh refresh keeps current. --list names them. \
            table aligns columns for a terminal; csv is RFC 4180; json is an array of objects \
            with numbers as numbers; html is a self-contained page with charts (try: report overview --format html). \
            `report pack --format html` writes the management pack: KPI cards, charts and sentences on one page. \
            --out writes the file atomically (temporary file, then rename).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The report, e.g. kpi_monthly (see --list).")
    var name: String?

    @Flag(name: .long, help: "List the reports and exit.")
    var list = false

    @Option(name: .long, help: ArgumentHelp("As-of date (default: the latest refreshed data).", valueName: "yyyy-mm-dd"))
    var asOf: String?

    @Option(name: .long, help: "Window or forecast horizon in months, for the reports that have one (clv, clv_diagnostics: the holdout of the model check, default 6).")
    var months: Int?

    @Flag(name: .long, help: "value_forecast only: forecast from every past origin with --months (default 12) complete months after it and show forecast against actual tier counts, the absolute percentage errors and their mean per tier.")
    var backtest = false

    @Option(name: .long, help: "Output format: table, csv, json or html.")
    var format: String = "table"

    @Option(name: .long, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path"))
    var out: String?

    func validate() throws {
        if list { return }
        guard let name else { throw ValidationError("name a report, or use --list to see them") }
        guard ReportOutput.isKnown(name) else {
            throw ValidationError(
                "unknown report '\(name)'; reports: \(ReportCatalog.all.map(\.name).joined(separator: ", ")), pack")
        }
        guard ReportFormat(rawValue: format) != nil else {
            throw ValidationError("--format must be table, csv, json or html, not '\(format)'")
        }
        if name == ReportOutput.packName && format != "html" {
            throw ValidationError("the management pack is an HTML page: use --format html")
        }
        if backtest && name != "value_forecast" {
            throw ValidationError("--backtest is for value_forecast only")
        }
        do {
            try ReportParameters(asOf: asOf, months: months).validate()
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        if list {
            print(ReportCatalog.listing, terminator: "")
            return
        }
        let runtime = try global.runtime()
        let logger = runtime.logger
        let connection = try runtime.connect()
        let text = try ReportOutput.render(
            name!, format: ReportFormat(rawValue: format)!, connection: connection,
            parameters: ReportParameters(asOf: asOf, months: months, backtest: backtest),
            baseCurrency: runtime.config.warehouse.baseCurrency.description)
        if let out {
            try AtomicFile.write(text, to: out, mode: runtime.config.warehouse.fileModeBits)
            logger.info("wrote report", metadata: ["report.name": "\(name!)", "report.path": "\(out)"])
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
