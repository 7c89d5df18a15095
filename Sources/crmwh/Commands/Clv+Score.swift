import Analytics
import ArgumentParser
import Reports
import Scoring
import Warehouse

extension Clv {
    struct Score: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit (or reuse the stored fit) and write every customer's CLV to dw.customer_score.",
            discussion: """
                Records the fit in dw.clv_model (model version bgnbd-gg-<as-of>-<unit>) and \
                replaces the scores of the same as-of date and version, all in one transaction, \
                under the warehouse lock (exit 75 when another run holds it). A stored fit of the \
                same version is reused when it covered the same number of customers; --refit \
                fits again. clv = margin × discounted expected revenue over the horizon. Refreshed \
                marts then show the new scores (monthly KPIs and the stored reports are rewritten).
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var model: ClvModelOptions

        @Option(help: "CLV horizon in months.")
        var horizon = 12

        @Option(help: "Annual discount rate, e.g. 0.10 for 10 %.")
        var discountRate = 0.10

        @Option(help: "Fraction of revenue kept as profit; 1 makes CLV the discounted expected revenue.")
        var margin = 1.0

        @Flag(help: "Fit again even when dw.clv_model holds this model version.")
        var refit = false

        @Option(help: "Output format of the summary printed at the end.")
        var format: ClvOutputFormat = .table

        func validate() throws {
            guard (1...600).contains(horizon) else { throw ValidationError("--horizon must be 1 to 600 months") }
            guard discountRate > -1, discountRate.isFinite else {
                throw ValidationError("--discount-rate must be above -1 (-100 %)")
            }
            guard margin.isFinite, margin >= 0 else { throw ValidationError("--margin must be 0 or more") }
        }

        func run() throws {
            let logger = global.makeLogger()
            let access = try WarehouseAccess(global: global, logger: logger)
            let connection = try access.connect()
            let scoring = CLVScoring(connection: connection, sql: try access.sqlDirectory(), logger: logger)
            let options = CLVScoreOptions(
                fit: model.fitOptions(), horizonMonths: horizon, discountRate: .annual(discountRate), margin: margin,
                refit: refit)
            let report = try WarehouseLock.holding(connection) {
                let report = try scoring.score(options)
                // Stored marts that show predicted CLV follow the new scores.
                try MartRefresher(connection: connection, sql: try access.sqlDirectory()).refreshAfterScoring()
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
