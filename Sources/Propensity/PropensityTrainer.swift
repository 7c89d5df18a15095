import Analytics
import Scoring

/// Fits one target out of time (docs/marts.md, "Propensity"):
///
/// - check: a model fitted on the windows starting h, 2h … Kh days before
///   the cut-off C = as-of − h (labels up to C) is measured on the features
///   at C and the labels in (C, as-of];
/// - score: the model is fitted again on the windows ending by the as-of date
///   (starting h, 2h … Kh days before it) and applied to the features at it.
///
/// When the checked model's holdout log loss does not beat that of the
/// training rows' base rate, the features do not help: the target is stored
/// as the base-rate model (every customer the same probability) and says so.
///
/// Every date read is on or before the as-of date.
struct PropensityTrainer {
    let cache: SnapshotCache
    let options: PropensityOptions

    func train(_ target: PropensityTarget) -> TargetOutcome {
        let plan = WindowPlan(history: cache.history, options: options)
        let cutoff = plan.cutoff(target)
        let checkWindows = plan.checkWindows(target)
        let scoreWindows = plan.scoreWindows(target)
        let checkSet = rows(target, starting: checkWindows)
        let holdout = rows(target, starting: [cutoff], thin: false)
        let training = rows(target, starting: scoreWindows)
        for (set, what) in [(checkSet, "the checked model's training rows"), (holdout, "the holdout"), (training, "the training rows")] {
            let positives = set.labels.lazy.filter { $0 }.count
            let negatives = set.labels.count - positives
            if set.labels.isEmpty {
                return .skipped(target, reason: "no rows in \(what) (\(target.population) in its window)")
            }
            if positives < options.minimumPositives || negatives < options.minimumPositives {
                return .skipped(
                    target,
                    reason: "too few \(positives < options.minimumPositives ? "positives" : "negatives") in \(what): "
                        + "\(positives) positive and \(negatives) negative of \(set.labels.count) "
                        + "(at least \(options.minimumPositives) of each needed)")
            }
        }
        do {
            let checked = try LogisticModel.fit(checkSet.features, labels: checkSet.labels, penalty: options.penalty)
            let accuracy = PredictionAccuracy(predictions: checked.probabilities(holdout.features), outcomes: holdout.labels)
            // The features must earn their place: the checked model against
            // the training rows' base rate on the same holdout.
            let base = try LogisticModel.fit(Self.noFeatures(checkSet.labels.count), labels: checkSet.labels, penalty: 0)
            let baseAccuracy = PredictionAccuracy(
                predictions: base.probabilities(Self.noFeatures(holdout.labels.count)), outcomes: holdout.labels)
            if accuracy.logLoss < baseAccuracy.logLoss {
                let model = try LogisticModel.fit(
                    training.features, labels: training.labels, penalty: options.penalty, startingFrom: checked)
                return .fitted(
                    FittedTarget(
                        target: target, model: model, basis: .features, trainingWindows: scoreWindows,
                        holdoutAsOf: cutoff, holdoutTrainingWindows: checkWindows, holdout: accuracy,
                        featuresHoldoutLogLoss: accuracy.logLoss))
            }
            let model = try LogisticModel.fit(Self.noFeatures(training.labels.count), labels: training.labels, penalty: 0)
            return .fitted(
                FittedTarget(
                    target: target, model: model, basis: .baseRate, trainingWindows: scoreWindows, holdoutAsOf: cutoff,
                    holdoutTrainingWindows: checkWindows, holdout: baseAccuracy, featuresHoldoutLogLoss: accuracy.logLoss))
        } catch {
            return .skipped(target, reason: "the fit failed: \(error)")
        }
    }

    /// A matrix of `rows` rows and no features: the base-rate model's input.
    static func noFeatures(_ rows: Int) -> FeatureMatrix {
        FeatureMatrix(names: [], values: [], rows: rows)
    }

    /// The stacked rows of `target` at the windows starting on `starts`:
    /// features and labels. With `thin`, a set of more than `maxTrainingRows`
    /// rows keeps every k-th of them (k = ⌈rows / maxTrainingRows⌉); the
    /// holdout is never thinned.
    func rows(
        _ target: PropensityTarget, starting starts: [CalendarDate], thin: Bool = true
    ) -> (features: FeatureMatrix, labels: [Bool]) {
        let history = cache.history
        let channel = target.channel.flatMap { history.channels.firstIndex(of: $0) }
        // First the rows and labels, then the features of the rows kept.
        var chosen: [(window: Int, row: Int, label: Bool)] = []
        var snapshots: [FeatureSnapshot] = []
        for (w, start) in starts.enumerated() {
            let snapshot = cache.snapshot(start)
            snapshots.append(snapshot)
            let moves = target.tierMove == nil ? [] : cache.tierMoves(from: start, days: target.horizonDays)
            for (row, customer) in snapshot.customers.enumerated() {
                switch target {
                case .buy(let days):
                    chosen.append((w, row, history.bought(customer, after: start, days: days)))
                case .respond(_, let days):
                    guard let channel else { continue }
                    let outcome = history.contact(customer, on: channel, after: start, days: days)
                    if outcome.contacted { chosen.append((w, row, outcome.responded)) }
                case .tierMove(let move, _):
                    chosen.append((w, row, moves[row] == move))
                }
            }
        }
        let k = thin ? max(1, (chosen.count + options.maxTrainingRows - 1) / options.maxTrainingRows) : 1
        // Every row of one snapshot (a purchase or tier holdout): its matrix as it is, not a copy.
        if k == 1 && snapshots.count == 1 && chosen.count == snapshots[0].matrix.rows {
            return (snapshots[0].matrix, chosen.map(\.label))
        }
        var features = FeatureMatrix(names: cache.layout.names)
        features.reserveRows(chosen.count / k + 1)
        var labels: [Bool] = []
        labels.reserveCapacity(chosen.count / k + 1)
        for index in Swift.stride(from: 0, to: chosen.count, by: k) {
            let pick = chosen[index]
            features.append(row: pick.row, of: snapshots[pick.window].matrix)
            labels.append(pick.label)
        }
        return (features, labels)
    }
}

/// The dates a target reads: window starts and the holdout's cut-off.
struct WindowPlan {
    let firstDay: Int
    let options: PropensityOptions

    init(history: CustomerHistory, options: PropensityOptions) {
        firstDay = history.sales.day.min().map(Int.init) ?? Int.max
        self.options = options
    }

    /// The starts of the K windows ending by `end`, one horizon apart, latest
    /// first; windows starting before the first order in the history are dropped.
    func windows(ending end: CalendarDate, horizon: Int) -> [CalendarDate] {
        (0..<options.trainingWindows).map { end.adding(days: -horizon * ($0 + 1)) }
            .filter { $0.daysSinceEpoch >= firstDay }
    }

    /// as-of − horizon: the holdout's features are taken here, its labels after.
    func cutoff(_ target: PropensityTarget) -> CalendarDate { options.asOf.adding(days: -target.horizonDays) }
    func checkWindows(_ target: PropensityTarget) -> [CalendarDate] {
        windows(ending: cutoff(target), horizon: target.horizonDays)
    }
    func scoreWindows(_ target: PropensityTarget) -> [CalendarDate] {
        windows(ending: options.asOf, horizon: target.horizonDays)
    }
    /// Every date whose features the target needs.
    func dates(_ target: PropensityTarget) -> [CalendarDate] {
        checkWindows(target) + [cutoff(target)] + scoreWindows(target)
    }
}

/// A target's model with what was measured of it.
struct FittedTarget {
    /// What the stored model predicts from.
    enum Basis: String {
        /// The features.
        case features
        /// Only the training rows' positive share: the model with features did
        /// not beat it on the holdout, so every customer gets that share.
        case baseRate = "base rate"
    }

    var target: PropensityTarget
    var model: LogisticModel
    var basis: Basis
    var trainingWindows: [CalendarDate]
    var holdoutAsOf: CalendarDate
    var holdoutTrainingWindows: [CalendarDate]
    /// The holdout measures of the model stored (for the base rate: its own).
    var holdout: PredictionAccuracy
    /// The holdout log loss of the model with features, stored or not.
    var featuresHoldoutLogLoss: Double
}

enum TargetOutcome {
    case fitted(FittedTarget)
    case skipped(PropensityTarget, reason: String)
}
