import Analytics
import Logging
import PostgresClient
import Warehouse

/// Predictive CLV against the warehouse: the summary from `dw.fact_sales`, the
/// purchase model (BG/NBD, MBG/NBD or Pareto/NBD) and Gamma-Gamma fits, and the scores in
/// `dw.customer_score`.
/// Used by `crmwh clv fit|score` and by the nightly run after its refresh.
public struct CLVScoring {
    let connection: Connection
    let sql: SQLDirectory
    let logger: Logger

    public init(connection: Connection, sql: SQLDirectory, logger: Logger) {
        self.connection = connection
        self.sql = sql
        self.logger = logger
    }

    /// Fits both models and, with a holdout end, checks the purchase model. Writes nothing.
    public func fit(_ options: CLVFitOptions) throws -> CLVFitReport {
        try checkTimeZone(options.timeZone)
        var timings = CLVTimings()
        var report = try connection.transaction {
            try connection.execute("set transaction isolation level repeatable read, read only")
            let data = try CLVTimings.measure(&timings.summarySeconds) {
                try readSummary(options, holdoutEnd: options.holdoutEnd)
            }
            let summary = data.calibration
            var report = try CLVTimings.measure(&timings.fitSeconds) { try fitModels(summary, options) }
            if let holdoutEnd = options.holdoutEnd {
                let days = options.asOf.days(until: holdoutEnd)
                let comparison = try report.purchases.parameters.compareHoldout(
                    calibration: summary, actualHoldoutPurchases: data.holdoutPurchases,
                    holdoutLength: .days(Double(days)))
                report.holdout = .init(comparison, holdoutEnd: holdoutEnd, holdoutDays: days)
            }
            return report
        }
        report.timings = timings
        return report
    }

    /// Fits (or reuses the stored fit of the same version and customer count), scores
    /// every customer and, in one transaction, records the fit in `dw.clv_model` and
    /// replaces the scores of this as-of date and version in `dw.customer_score`.
    /// Nothing is written when fitting or scoring fails.
    ///
    /// The caller holds the warehouse lock (``WarehouseLock/holding(_:_:)``).
    public func score(_ options: CLVScoreOptions) throws -> CLVScoreReport {
        try checkTimeZone(options.fit.timeZone)
        var timings = CLVTimings()
        let writeStart = ContinuousClock.now
        let distributed = try WarehouseEngine.isDistributed(connection, table: "dw.customer_score")
        var result = try connection.transaction {
            // On Citus the scores' foreign key to the reference table of fits
            // needs one connection per node for the whole transaction.
            if distributed { try connection.execute("set local citus.multi_shard_modify_mode = 'sequential'") }
            let summary = try CLVTimings.measure(&timings.summarySeconds) { try readSummary(options.fit).calibration }
            let version = CLVModelRecord.version(
                model: options.fit.model, asOf: options.fit.asOf, unit: options.fit.unit,
                penalizer: options.fit.penalizer)
            var fit: CLVFitReport
            if !options.refit, let stored = try CLVModelRecord.load(version, from: connection),
                stored.purchases.customers == summary.rows.count, stored.purchases.kind == options.fit.model
            {
                logger.info("reusing the stored fit", metadata: ["clv.model_version": "\(version)"])
                fit = report(summary, options.fit, purchases: stored.purchases, gammaGamma: stored.gammaGamma)
                fit.reusedStoredFit = true
            } else {
                fit = try CLVTimings.measure(&timings.fitSeconds) { try fitModels(summary, options.fit) }
            }
            let calculator = try CLVCalculator(
                purchases: fit.purchases.parameters, gammaGamma: fit.gammaGamma.parameters,
                horizonMonths: options.horizonMonths,
                discountRate: options.discountRate, margin: options.margin)
            let values = try CLVTimings.measure(&timings.scoreSeconds) { try calculator.score(summary) }
            let record = CLVModelRecord(
                modelVersion: version, asOf: options.fit.asOf, purchases: fit.purchases, gammaGamma: fit.gammaGamma)
            try record.save(to: connection, etlRunID: options.etlRunID)
            let (replaced, written) = try CustomerScoreWriter(connection: connection).replaceScores(
                values, asOf: options.fit.asOf, modelVersion: version, horizonMonths: options.horizonMonths,
                etlRunID: options.etlRunID)
            return CLVScoreReport(
                fit: fit, horizonMonths: options.horizonMonths, monthlyDiscountRate: options.discountRate.monthlyRate,
                margin: options.margin, scoresWritten: written, scoresReplaced: replaced,
                totalCLV: values.reduce(0) { $0 + $1.clv },
                meanProbabilityAlive: values.reduce(0) { $0 + $1.probabilityAlive } / Double(max(values.count, 1)))
        }
        // Writing is what remains of the transaction once reading, fitting and scoring are counted.
        let total = ContinuousClock.now - writeStart
        timings.writeSeconds = max(
            0, Double(total.components.seconds) + Double(total.components.attoseconds) * 1e-18
                - timings.summarySeconds - timings.fitSeconds - timings.scoreSeconds)
        result.fit.timings = timings
        return result
    }

    /// The summary at `options.asOf` and, with a holdout end, the holdout purchases of its
    /// customers (none without); inside a transaction.
    func readSummary(_ options: CLVFitOptions, holdoutEnd: CalendarDate? = nil) throws -> CLVHoldoutData {
        let reader = RFMSummaryReader(connection: connection, sql: sql)
        let (summary, holdout) =
            if let holdoutEnd {
                try reader.summary(asOf: options.asOf, holdoutEnd: holdoutEnd, timeZone: options.timeZone, unit: options.unit)
            } else {
                (try reader.summary(asOf: options.asOf, timeZone: options.timeZone, unit: options.unit), [Int]())
            }
        guard !summary.rows.isEmpty else {
            throw AnalyticsError(
                .emptyInput,
                "no customer purchased on or before \(options.asOf) (\(options.timeZone)): load transactions"
                    + " or choose a later --as-of")
        }
        logger.info(
            "read the RFM summary",
            metadata: ["clv.as_of": "\(options.asOf)", "clv.customers": "\(summary.rows.count)"])
        return CLVHoldoutData(calibration: summary, holdoutPurchases: holdout)
    }

    private func fitModels(_ summary: RFMSummary, _ options: CLVFitOptions) throws -> CLVFitReport {
        let purchases = try CLVPurchaseFit.fit(options.model, summary, penalizer: options.penalizer)
        let gammaGamma = try GammaGammaModel.fit(summary.rows, penalizer: options.penalizer)
        if !purchases.converged {
            logger.warning(
                "the \(options.model.displayName) fit did not converge",
                metadata: ["clv.gradient_norm": "\(purchases.gradientNorm)"])
        }
        if !gammaGamma.converged {
            logger.warning(
                "the Gamma-Gamma fit did not converge", metadata: ["clv.gradient_norm": "\(gammaGamma.gradientNorm)"])
        }
        if let rho = gammaGamma.frequencyMonetaryCorrelation, abs(rho) > 0.3 {
            logger.warning(
                "spend depends on purchase frequency; Gamma-Gamma assumes it does not",
                metadata: ["clv.frequency_monetary_correlation": "\(rho)"])
        }
        return report(summary, options, purchases: purchases, gammaGamma: gammaGamma)
    }

    private func report(
        _ summary: RFMSummary, _ options: CLVFitOptions, purchases: CLVPurchaseFit, gammaGamma: GammaGammaFit
    ) -> CLVFitReport {
        CLVFitReport(
            asOf: options.asOf, timeZone: options.timeZone, unit: options.unit,
            modelVersion: CLVModelRecord.version(
                model: purchases.kind, asOf: options.asOf, unit: options.unit, penalizer: options.penalizer),
            customers: summary.rows.count, repeatBuyers: summary.rows.lazy.filter { $0.frequency > 0 }.count,
            oneTimeBuyers: .init(summary, purchases.parameters), purchases: purchases, gammaGamma: gammaGamma)
    }

    /// A misspelt zone is a usage error: "time zone "Europe/Pariss" not recognized" (22023).
    func checkTimeZone(_ name: String) throws {
        do {
            try connection.query("select now() at time zone $1", [name])
        } catch let error as PostgresError where error.sqlState == SQLState.invalidParameterValue {
            throw WarehouseError(.configuration, "unknown time zone '\(name)' (use a name such as UTC or Europe/Paris)")
        }
    }
}
