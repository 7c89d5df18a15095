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
                (as-of, holdout-end], in total and by calibration frequency. \
                With --compare, fits every purchase model on a calibration period instead and \
                reports each one's log-likelihood, AIC, BIC and holdout error (total, and MAE and \
                RMSE by calibration frequency), and the best by the rule of docs/clv.md: the \
                holdout is (as-of, holdout-end], or the --holdout-months months ending on as-of.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var model: ClvModelOptions

        @Option(help: ArgumentHelp("End of a holdout period after --as-of, inclusive.", valueName: "yyyy-mm-dd"))
        var holdoutEnd: String?

        @Flag(help: "Fit every purchase model on a calibration period and compare them on the holdout after it.")
        var compare = false

        @Option(help: "With --compare and no --holdout-end: the holdout is this many months ending on --as-of.")
        var holdoutMonths = 6

        @Option(help: "Output format.")
        var format: ClvOutputFormat = .table

        func validate() throws {
            if !(1...60).contains(holdoutMonths) { throw ValidationError("--holdout-months must be between 1 and 60") }
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
            if compare {
                let split = options.holdoutEnd.map { CLVHoldoutSplit(calibrationEnd: options.asOf, holdoutEnd: $0) }
                    ?? CLVHoldoutSplit(holdoutEnd: options.asOf, months: holdoutMonths)
                let comparison = try scoring.compare(
                    CLVCompareOptions(
                        split: split, unit: options.unit, timeZone: options.timeZone, penalizer: options.penalizer,
                        configuredModel: options.model))
                switch format {
                case .table: print(ClvCompareText.render(comparison), terminator: "")
                case .json: print(try ClvReportText.json(comparison))
                }
                return
            }
            // Read-only: no warehouse lock and no etl.run row (it writes nothing), so it can run beside a nightly load.
            let report = try scoring.fit(options)
            switch format {
            case .table: print(ClvReportText.fit(report), terminator: "")
            case .json: print(try ClvReportText.json(report))
            }
        }
    }
}
