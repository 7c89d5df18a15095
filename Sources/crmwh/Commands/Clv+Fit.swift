import ArgumentParser
import Runtime
import Scoring
import Warehouse

extension Clv {
    struct Fit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit the CLV models and print their parameters (writes nothing).",
            discussion: """
                Prints the purchase model it fitted (--model: BG/NBD or MBG/NBD) with its \
                parameters (α in --unit), log-likelihood and convergence, the customer counts, \
                the mean P(alive) of one-time buyers, the Gamma-Gamma parameters, the customers \
                it left out (net repeat spend 0 or less) and the frequency-monetary correlation. \
                With --holdout-end, compares expected and actual repeat purchases in \
                (as-of, holdout-end], in total and by calibration frequency.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var model: ClvModelOptions

        @Option(help: ArgumentHelp("End of a holdout period after --as-of, inclusive.", valueName: "yyyy-mm-dd"))
        var holdoutEnd: String?

        @Option(help: "Output format.")
        var format: ClvOutputFormat = .table

        func validate() throws {
            guard let holdoutEnd else { return }
            guard let end = CalendarDate(holdoutEnd) else {
                throw ValidationError("--holdout-end must be a date as yyyy-mm-dd")
            }
            if let asOf = model.asOf.flatMap(CalendarDate.init), end <= asOf {
                throw ValidationError("--holdout-end must come after --as-of")
            }
        }

        func run() throws {
            let runtime = try global.runtime()
            let connection = try runtime.connect()
            let scoring = CLVScoring(connection: connection, sql: try runtime.sqlDirectory(), logger: runtime.logger)
            var overrides = model.overrides
            overrides.holdoutEnd = holdoutEnd.flatMap(CalendarDate.init)
            let options = runtime.clvScoreOptions(asOf: try model.asOfDate(runtime, connection), overrides: overrides).fit
            // Read-only: no warehouse lock and no etl.run row (it writes nothing), so it can run beside a nightly load.
            let report = try scoring.fit(options)
            switch format {
            case .table: print(ClvReportText.fit(report), terminator: "")
            case .json: print(try ClvReportText.json(report))
            }
        }
    }
}
