import ArgumentParser
import Propensity
import Runtime
import Scoring
import Warehouse

extension Score {
    struct Propensity: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "propensity",
            abstract: "Fit the propensity models, check them out of time and write every customer's probabilities.",
            discussion: """
                Targets: buy_30d and buy_90d (an order within 30 or 90 days after --as-of) and \
                respond_<channel> (a response within analysis.propensity.response_horizon_days, \
                among customers contacted on the channel then). Features are computed from the \
                history up to --as-of only. Each target's L2-penalised logistic regression is fitted \
                on windows ending by --as-of and checked on a holdout one horizon earlier (AUC, log \
                loss, calibration by decile, printed below); a target with too few positives is \
                skipped and says so. Writes dw.propensity_model and dw.customer_propensity (model \
                version logit-<as-of>-l2_<penalty>-w<windows>) in one transaction under the warehouse \
                lock, replacing an earlier run of the same version. Options not given come from \
                analysis.as_of and analysis.propensity (crmwh config check). See docs/marts.md.
                """)

        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Date the probabilities are made from (default: analysis.as_of).", valueName: "yyyy-mm-dd"))
        var asOf: String?

        @Option(help: "λ of the L2 penalty on the standardised coefficients (default: analysis.propensity.penalty).")
        var penalty: Double?

        @Option(help: "Training windows stacked per target, one horizon apart (default: analysis.propensity.training_windows).")
        var trainingWindows: Int?

        @Option(help: "Positives and negatives a target needs in each training set and its holdout (default: analysis.propensity.min_positives).")
        var minPositives: Int?

        @Option(help: "Output format of the summary printed at the end.")
        var format: ClvOutputFormat = .table

        func validate() throws {
            if let asOf, CalendarDate(asOf) == nil { throw ValidationError("--as-of must be a date as yyyy-mm-dd") }
            if let penalty, !(penalty >= 0 && penalty.isFinite) { throw ValidationError("--penalty must be 0 or more") }
            if let trainingWindows, !(1...12).contains(trainingWindows) {
                throw ValidationError("--training-windows must be 1 to 12")
            }
            if let minPositives, minPositives < 1 { throw ValidationError("--min-positives must be 1 or more") }
        }

        func run() throws {
            let runtime = try global.runtime()
            let connection = try runtime.connect()
            let overrides = PropensityOverrides(penalty: penalty, trainingWindows: trainingWindows, minPositives: minPositives)
            let progress = StepProgress(label: "score propensity", logger: runtime.logger, quiet: global.quiet)
            let report = try runtime.writer("score propensity", on: connection) { recorder -> PropensityReport in
                progress.stepStarted("fit and score")
                guard let report = try runtime.scorePropensity(
                    connection, asOf: asOf.flatMap(CalendarDate.init), overrides: overrides, etlRunID: recorder.runID)
                else { throw WarehouseError(.load, "dw.fact_sales holds no sales yet: nothing to score; load transactions first") }
                let timings = report.timings
                for (name, seconds) in [
                    ("history", timings.historySeconds), ("features", timings.featureSeconds), ("fit", timings.fitSeconds),
                    ("score", timings.scoreSeconds), ("write", timings.writeSeconds),
                ] {
                    recorder.step(name, seconds: seconds)
                    progress.stepFinished(name, seconds: seconds)
                }
                try recorder.finish(
                    status: "succeeded",
                    summary: [
                        "as_of": report.asOf.description, "customers_scored": report.customersScored,
                        "targets": report.targets.filter(\.fitted).map(\.target),
                    ])
                return report
            }
            switch format {
            case .table: print(PropensityReportText.render(report), terminator: "")
            case .json: print(try ClvReportText.json(report))
            }
        }
    }
}
