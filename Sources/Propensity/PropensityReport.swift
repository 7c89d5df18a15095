import Analytics
import Scoring

/// What `crmwh score propensity` did: per target the model's training and
/// its measured out-of-time accuracy, or why the target was skipped.
public struct PropensityReport: Sendable, Encodable {
    public var asOf: CalendarDate
    public var modelVersion: String
    public var penalty: Double
    public var trainingWindows: Int
    public var minimumPositives: Int
    /// How P(alive) entered the features (or why it was left out).
    public var aliveFeature: String
    /// Customers with an order on or before the as-of date: each got a row.
    public var customersScored: Int
    /// Rows of an earlier run of the same as-of date and version that were replaced.
    public var scoresReplaced: Int
    public var targets: [PropensityTargetReport]
    public var timings = PropensityTimings()
}

public struct PropensityTargetReport: Sendable, Encodable {
    public var target: String
    public var horizonDays: Int
    public var channel: String?
    public var fitted: Bool
    /// Why a target was not fitted (too few positives …).
    public var skippedBecause: String?
    /// features, or base rate when the model with features did not beat it on the holdout.
    public var basis: String?
    /// The holdout log loss of the model with features (stored or not).
    public var featuresHoldoutLogLoss: Double?
    public var trainingWindows: [CalendarDate] = []
    public var trainingRows = 0
    public var trainingPositives = 0
    public var features = 0
    public var iterations = 0
    public var converged = false
    public var holdoutAsOf: CalendarDate?
    public var holdoutTrainingWindows: [CalendarDate] = []
    public var holdout: PredictionAccuracy?
    /// Mean probability over the customers scored.
    public var meanProbability: Double?
    /// The five features with the largest standardised coefficients, largest first.
    public var strongestFeatures: [NamedCoefficient] = []

    public struct NamedCoefficient: Sendable, Encodable {
        public var feature: String
        public var coefficient: Double
    }

    init(skipped target: PropensityTarget, reason: String) {
        self.target = target.name
        horizonDays = target.horizonDays
        channel = target.channel
        fitted = false
        skippedBecause = reason
    }

    init(_ fitted: FittedTarget, meanProbability: Double) {
        target = fitted.target.name
        horizonDays = fitted.target.horizonDays
        channel = fitted.target.channel
        self.fitted = true
        basis = fitted.basis.rawValue
        featuresHoldoutLogLoss = fitted.featuresHoldoutLogLoss
        let fit = fitted.model.fit
        trainingWindows = fitted.trainingWindows
        trainingRows = fit.rows
        trainingPositives = fit.positives
        features = fit.coefficients.count
        iterations = fit.iterations
        converged = fit.converged
        holdoutAsOf = fitted.holdoutAsOf
        holdoutTrainingWindows = fitted.holdoutTrainingWindows
        holdout = fitted.holdout
        self.meanProbability = meanProbability
        strongestFeatures = zip(fit.names, fit.coefficients)
            .sorted { abs($0.1) != abs($1.1) ? abs($0.1) > abs($1.1) : $0.0 < $1.0 }
            .prefix(5).map { NamedCoefficient(feature: $0.0, coefficient: $0.1) }
    }
}

/// Seconds per step of a run.
public struct PropensityTimings: Sendable, Encodable {
    /// Reading the history (the two history functions).
    public var historySeconds = 0.0
    /// P(alive) fits and feature snapshots.
    public var featureSeconds = 0.0
    /// Logistic fits and holdout measures.
    public var fitSeconds = 0.0
    /// Probabilities for every customer at the as-of date.
    public var scoreSeconds = 0.0
    /// Writing dw.propensity_model and dw.customer_propensity.
    public var writeSeconds = 0.0

    public var totalSeconds: Double { historySeconds + featureSeconds + fitSeconds + scoreSeconds + writeSeconds }

    static func measure<T>(_ seconds: inout Double, _ body: () throws -> T) rethrows -> T {
        let start = ContinuousClock.now
        defer {
            let elapsed = ContinuousClock.now - start
            seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        return try body()
    }
}
