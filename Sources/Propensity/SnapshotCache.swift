import Analytics
import Foundation
import Logging
import Scoring

/// The feature snapshots of one run, each computed once and shared by the
/// targets whose windows start on its date.
final class SnapshotCache {
    let history: CustomerHistory
    let layout: FeatureLayout
    let tiers: TierShares
    private let alive: [Int: [Double]]
    private var snapshots: [Int: FeatureSnapshot] = [:]
    private let lock = NSLock()

    /// Fits the purchase model at every date in `dates` (on the cores in
    /// parallel) for the P(alive) feature; if any fit fails, the run goes
    /// without the feature and `aliveNote` says why.
    init(history: CustomerHistory, tiers: TierShares, dates: [CalendarDate], options: PropensityOptions, logger: Logger) {
        self.history = history
        self.tiers = tiers
        let unique = Array(Set(dates)).sorted()
        var results = [Result<[Double], Error>?](repeating: nil, count: unique.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: unique.count) { k in
            let result = Result {
                try AliveProbabilities.at(unique[k], history: history, model: options.aliveModel, unit: options.aliveUnit)
            }
            lock.withLock { results[k] = result }
        }
        var alive: [Int: [Double]] = [:]
        var failure: String?
        for (date, result) in zip(unique, results) {
            switch result! {
            case .success(let values): alive[date.daysSinceEpoch] = values
            case .failure(let error): failure = failure ?? "the \(options.aliveModel.displayName) fit at \(date) failed: \(error)"
            }
        }
        if let failure {
            logger.warning("propensity: P(alive) left out of the features", metadata: ["propensity.reason": "\(failure)"])
            aliveNote = "left out: \(failure)"
            self.alive = [:]
        } else {
            aliveNote = "\(options.aliveModel.displayName) fitted at each window start (\(options.aliveUnit.rawValue)s)"
            self.alive = alive
        }
        layout = FeatureLayout(history: history, withAliveProbability: failure == nil)
    }

    /// How P(alive) entered the features, for the report.
    let aliveNote: String

    /// Safe to call from several threads (targets are trained side by side).
    func snapshot(_ date: CalendarDate) -> FeatureSnapshot {
        if let cached = lock.withLock({ snapshots[date.daysSinceEpoch] }) { return cached }
        let made = FeatureSnapshot(
            history: history, layout: layout, date: date, tiers: tiers, aliveProbability: alive[date.daysSinceEpoch])
        return lock.withLock {
            // Another thread may have made the same (identical) snapshot meanwhile: keep one.
            if let cached = snapshots[date.daysSinceEpoch] { return cached }
            snapshots[date.daysSinceEpoch] = made
            return made
        }
    }

    /// Makes the snapshots of `dates` not made yet, on the cores in parallel.
    func prepare(_ dates: [CalendarDate]) {
        let missing = Set(dates).filter { date in lock.withLock { snapshots[date.daysSinceEpoch] == nil } }.sorted()
        DispatchQueue.concurrentPerform(iterations: missing.count) { k in _ = snapshot(missing[k]) }
    }
}
