import Analytics
import Scoring

/// How `crmwh score propensity` fits and scores: the as-of date, the penalty,
/// how many windows to stack, the fewest positives a target needs, and the
/// purchase model whose P(alive) is a feature.
public struct PropensityOptions: Sendable, Hashable {
    /// The probabilities are made from this day; nothing after its end is read.
    public var asOf: CalendarDate
    /// λ of the L2 penalty (λ / 2) Σ β² on the standardised coefficients.
    public var penalty: Double
    /// Windows stacked into each training set, one horizon apart.
    public var trainingWindows: Int
    /// A training set with more rows keeps every k-th of them (k = ⌈rows / this⌉):
    /// the purchase targets of a large warehouse have positives to spare, and the
    /// fit's time grows with the rows.
    public var maxTrainingRows: Int
    /// A target is skipped unless its training sets and its holdout each hold at
    /// least this many positives and as many negatives.
    public var minimumPositives: Int
    /// Days after a window's start in which a contact and its response count (respond targets).
    public var responseHorizonDays: Int
    /// The purchase model fitted at every window start for the P(alive) feature.
    public var aliveModel: PurchaseModelKind
    public var aliveUnit: TimeUnit
    /// Cumulative shares of the top, high and medium value tiers, exact
    /// decimals as `analysis.tiers` gives them to the marts ("0.01", "0.05", "0.20").
    public var tierShares: [String]
    /// The run that writes the scores, recorded with them.
    public var etlRunID: Int64?

    public init(
        asOf: CalendarDate, penalty: Double = 1, trainingWindows: Int = 3, maxTrainingRows: Int = 100_000,
        minimumPositives: Int = 30,
        responseHorizonDays: Int = 90, aliveModel: PurchaseModelKind = .bgnbd, aliveUnit: TimeUnit = .week,
        tierShares: [String] = ["0.01", "0.05", "0.20"], etlRunID: Int64? = nil
    ) {
        self.tierShares = tierShares
        self.asOf = asOf
        self.penalty = penalty
        self.trainingWindows = trainingWindows
        self.maxTrainingRows = maxTrainingRows
        self.minimumPositives = minimumPositives
        self.responseHorizonDays = responseHorizonDays
        self.aliveModel = aliveModel
        self.aliveUnit = aliveUnit
        self.etlRunID = etlRunID
    }

    /// `logit-<as-of>-l2_<λ>-w<windows>`: the run's settings, so runs with
    /// other settings stand beside each other rather than replace each other.
    public var modelVersion: String {
        let lambda = penalty == penalty.rounded() && abs(penalty) < 1e15 ? String(Int(penalty)) : "\(penalty)"
        return "logit-\(asOf)-l2_\(lambda)-w\(trainingWindows)"
    }
}
