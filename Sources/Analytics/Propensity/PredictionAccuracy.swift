/// The accuracy of probabilities against outcomes on one set of rows (a
/// holdout): AUC, log loss, Brier score and the calibration by decile.
public struct PredictionAccuracy: Sendable, Hashable, Codable {
    public var rows: Int
    public var positives: Int
    /// nil when the rows hold only one class.
    public var auc: Double?
    public var logLoss: Double
    public var brierScore: Double
    /// Observed share of positives: what a model without features would predict.
    public var baseRate: Double
    /// Log loss of always predicting the base rate, to compare `logLoss` against.
    public var baseRateLogLoss: Double
    public var calibration: [CalibrationGroup]

    /// - Precondition: at least one row, one outcome per prediction.
    public init(predictions: [Double], outcomes: [Bool], groups: Int = 10) {
        precondition(!predictions.isEmpty && predictions.count == outcomes.count)
        rows = predictions.count
        positives = outcomes.lazy.filter { $0 }.count
        auc = ClassificationMetrics.auc(predictions, outcomes)
        logLoss = ClassificationMetrics.logLoss(predictions, outcomes)!
        brierScore = ClassificationMetrics.brierScore(predictions, outcomes)!
        baseRate = Double(positives) / Double(rows)
        baseRateLogLoss = ClassificationMetrics.logLoss(Array(repeating: baseRate, count: rows), outcomes)!
        calibration = ClassificationMetrics.calibration(predictions, outcomes, groups: groups)
    }
}
