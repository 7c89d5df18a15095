import Analytics

/// What to compare: the split, the time unit and zone, the penalty and the configured model.
public struct CLVCompareOptions: Sendable {
    public var split: CLVHoldoutSplit
    public var unit: TimeUnit
    public var timeZone: String
    public var penalizer: Double
    /// The model the configuration (or --model) names; kept unless another is clearly better.
    public var configuredModel: PurchaseModelKind
    /// The models to fit: every one by default.
    public var models: [PurchaseModelKind]

    public init(
        split: CLVHoldoutSplit, unit: TimeUnit = .week, timeZone: String = "UTC", penalizer: Double = 0,
        configuredModel: PurchaseModelKind = .bgnbd, models: [PurchaseModelKind] = PurchaseModelKind.allCases
    ) {
        self.split = split
        self.unit = unit
        self.timeZone = timeZone
        self.penalizer = penalizer
        self.configuredModel = configuredModel
        self.models = models
    }
}

/// The calibration summary of a split with each customer's holdout purchases.
struct CLVHoldoutData {
    var calibration: RFMSummary
    var holdoutPurchases: [Int]
}

extension CLVScoring {
    /// Fits every purchase model on the calibration period of `options.split`, checks each
    /// against the holdout and picks one (``CLVModelComparison``). Writes nothing.
    public func compare(_ options: CLVCompareOptions) throws -> CLVModelComparison {
        try checkTimeZone(options.timeZone)
        var summarySeconds = 0.0
        let data = try connection.transaction {
            try connection.execute("set transaction isolation level repeatable read, read only")
            return try CLVTimings.measure(&summarySeconds) {
                try readHoldoutData(options.split, unit: options.unit, timeZone: options.timeZone)
            }
        }
        let holdoutLength = TimeSpan.days(Double(options.split.holdoutDays))
        var candidates: [CLVModelComparison.Candidate] = []
        for kind in options.models {
            var seconds = 0.0
            let fit = try CLVTimings.measure(&seconds) {
                try CLVPurchaseFit.fit(kind, data.calibration, penalizer: options.penalizer)
            }
            let comparison = try fit.parameters.compareHoldout(
                calibration: data.calibration, actualHoldoutPurchases: data.holdoutPurchases,
                holdoutLength: holdoutLength)
            candidates.append(
                .init(fit: fit, comparison: comparison, customers: data.calibration.rows.count, fitSeconds: seconds))
        }
        let (best, reason) = CLVModelComparison.choose(candidates, configured: options.configuredModel)
        logger.info(
            "compared the purchase models on a holdout",
            metadata: ["clv.best_model": "\(best.rawValue)", "clv.calibration_end": "\(options.split.calibrationEnd)"])
        return CLVModelComparison(
            split: options.split, holdoutDays: options.split.holdoutDays, timeZone: options.timeZone,
            unit: options.unit, penalizer: options.penalizer, customers: data.calibration.rows.count,
            repeatBuyers: data.calibration.rows.lazy.filter { $0.frequency > 0 }.count,
            actualHoldoutPurchases: data.holdoutPurchases.reduce(0, +), models: candidates,
            configuredModel: options.configuredModel, bestModel: best, reason: reason,
            summarySeconds: summarySeconds)
    }

    /// The calibration summary and holdout counts of `split`; inside a transaction.
    func readHoldoutData(_ split: CLVHoldoutSplit, unit: TimeUnit, timeZone: String) throws -> CLVHoldoutData {
        try readSummary(
            CLVFitOptions(asOf: split.calibrationEnd, unit: unit, timeZone: timeZone), holdoutEnd: split.holdoutEnd)
    }
}
