import Analytics
import ArgumentParser
import Runtime
import Scoring
import Warehouse

extension Clv {
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit (or reuse the stored fit) and write every customer's CLV to dw.customer_score.",
            discussion: """
                Records the fit in dw.clv_model (model version <model>-gg-<as-of>-<unit>, e.g. \
                bgnbd-gg-2026-10-31-week, mbgnbd-gg-… or paretonbd-gg-…) and \
                replaces the scores of the same as-of date and version, all in one transaction, \
                under the warehouse lock (exit 75 when another run holds it). A stored fit of the \
                same version is reused when it covered the same number of customers; --refit \
                fits again. clv = margin × discounted expected revenue over the horizon. Refreshed \
                marts then show the new scores (monthly KPIs and the stored reports are rewritten).
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var model: ClvModelOptions

        @Option(help: "CLV horizon in months (default: analysis.clv.horizon_months).")
        var horizon: Int?

        @Option(help: "Annual discount rate, e.g. 0.10 for 10 % (default: analysis.clv.discount_rate).")
        var discountRate: Double?

        @Option(help: "Fraction of revenue kept as profit; 1 makes CLV the discounted expected revenue (default: analysis.clv.margin).")
        var margin: Double?

        @Flag(help: "Fit again even when dw.clv_model holds this model version.")
        var refit = false

        @Option(help: "Output format of the summary printed at the end.")
        var format: ClvOutputFormat = .table

        func validate() throws {
            if let horizon, !(1...600).contains(horizon) { throw ValidationError("--horizon must be 1 to 600 months") }
            if let discountRate, !(discountRate > -1 && discountRate.isFinite) {
                throw ValidationError("--discount-rate must be above -1 (-100 %)")
            }
            if let margin, !(margin.isFinite && margin >= 0) { throw ValidationError("--margin must be 0 or more") }
        }

        func run() throws {
            let runtime = try global.runtime()
            let logger = runtime.logger
            let connection = try runtime.connect()
            let sql = try runtime.sqlDirectory()
            var overrides = model.overrides
            overrides.horizonMonths = horizon
            overrides.discountRate = discountRate
            overrides.margin = margin
            overrides.refit = refit
            let progress = StepProgress(label: "clv score", logger: logger, quiet: global.quiet)
            let report = try runtime.writer("clv score", on: connection) { recorder -> CLVScoreReport in
                let asOf = try model.asOfDate(runtime, connection)
                progress.stepStarted("fit and score")
                guard let report = try runtime.scoreCustomers(
                    connection, sql: sql, asOf: asOf, overrides: overrides, etlRunID: recorder.runID)
                else { throw WarehouseError(.load, "no sales to score") }
                let timings = report.fit.timings
                for (name, seconds) in [
                    ("summary", timings.summarySeconds), ("fit", timings.fitSeconds), ("score", timings.scoreSeconds),
                    ("write", timings.writeSeconds),
                ] {
                    recorder.step(name, seconds: seconds)
                    progress.stepFinished(name, seconds: seconds)
                }
                // Stored marts that show predicted CLV follow the new scores.
                try runtime.rescoreMarts(connection, sql: sql)
                try recorder.finish(status: "succeeded", summary: ["customers_scored": report.scoresWritten, "as_of": asOf.description])
                return report
            }
            logger.info(
                "wrote customer scores",
                metadata: [
                    "clv.model_version": "\(report.fit.modelVersion)", "clv.scores": "\(report.scoresWritten)",
                    "clv.replaced": "\(report.scoresReplaced)",
                ])
            switch format {
            case .table: print(ClvReportText.score(report), terminator: "")
            case .json: print(try ClvReportText.json(report))
            }
        }
    }
}
