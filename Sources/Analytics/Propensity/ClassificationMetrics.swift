import Foundation

/// How well predicted probabilities fit observed 0/1 outcomes: the measures a
/// propensity model is published with.
public enum ClassificationMetrics {
    /// Area under the ROC curve: the probability that a random positive gets a
    /// higher prediction than a random negative, a tie counting one half
    /// (Mann–Whitney U / (n₊ n₋), with mid-ranks for equal predictions).
    /// nil without a positive or without a negative.
    public static func auc(_ predictions: [Double], _ outcomes: [Bool]) -> Double? {
        precondition(predictions.count == outcomes.count, "one outcome per prediction")
        let positives = outcomes.lazy.filter { $0 }.count
        let negatives = outcomes.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = predictions.indices.sorted { predictions[$0] < predictions[$1] }
        // Sum of the positives' mid-ranks (ranks 1 … n; a run of equal
        // predictions shares the mean of its ranks).
        var rankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && predictions[order[end + 1]] == predictions[order[start]] { end += 1 }
            let midRank = Double(start + end) / 2 + 1
            for k in start...end where outcomes[order[k]] { rankSum += midRank }
            start = end + 1
        }
        let u = rankSum - Double(positives) * Double(positives + 1) / 2
        return u / (Double(positives) * Double(negatives))
    }

    /// Mean negative log-likelihood (cross-entropy) per row, natural log;
    /// predictions clipped to [1e-15, 1 − 1e-15] so a confident miss costs
    /// about 34.5, not infinity. nil without rows.
    public static func logLoss(_ predictions: [Double], _ outcomes: [Bool]) -> Double? {
        precondition(predictions.count == outcomes.count, "one outcome per prediction")
        guard !predictions.isEmpty else { return nil }
        var total = 0.0
        for (p, y) in zip(predictions, outcomes) {
            let clipped = min(max(p, 1e-15), 1 - 1e-15)
            total -= y ? log(clipped) : log(1 - clipped)
        }
        return total / Double(predictions.count)
    }

    /// Mean squared difference between prediction and outcome (Brier score). nil without rows.
    public static func brierScore(_ predictions: [Double], _ outcomes: [Bool]) -> Double? {
        precondition(predictions.count == outcomes.count, "one outcome per prediction")
        guard !predictions.isEmpty else { return nil }
        return zip(predictions, outcomes).reduce(0) { $0 + pow($1.0 - ($1.1 ? 1 : 0), 2) } / Double(predictions.count)
    }

    /// Predicted against observed by group of predictions (deciles for 10):
    /// with n rows and k of them predicted strictly lower, a row's group is
    /// 1 + ⌊groups · k / n⌋, so equal predictions always share a group (a
    /// large tie can leave a group smaller or empty; empty groups are left out).
    public static func calibration(_ predictions: [Double], _ outcomes: [Bool], groups: Int = 10) -> [CalibrationGroup] {
        precondition(predictions.count == outcomes.count, "one outcome per prediction")
        precondition(groups > 0)
        let n = predictions.count
        let order = predictions.indices.sorted { predictions[$0] < predictions[$1] }
        var bins = [CalibrationGroup](repeating: CalibrationGroup(group: 0), count: groups)
        for g in 0..<groups { bins[g].group = g + 1 }
        var lowerCount = 0
        var start = 0
        while start < n {
            var end = start
            while end + 1 < n && predictions[order[end + 1]] == predictions[order[start]] { end += 1 }
            lowerCount = start
            let g = min(groups - 1, groups * lowerCount / n)
            for k in start...end { bins[g].add(prediction: predictions[order[k]], outcome: outcomes[order[k]]) }
            start = end + 1
        }
        return bins.filter { $0.rows > 0 }
    }
}

/// One group of ``ClassificationMetrics/calibration(_:_:groups:)``.
public struct CalibrationGroup: Sendable, Hashable, Codable {
    /// 1 (lowest predictions) … groups.
    public var group: Int
    public var rows = 0
    public var positives = 0
    public var sumPredicted = 0.0
    public var minPredicted = Double.infinity
    public var maxPredicted = -Double.infinity

    public init(group: Int) { self.group = group }

    public var meanPredicted: Double { rows > 0 ? sumPredicted / Double(rows) : 0 }
    public var observedRate: Double { rows > 0 ? Double(positives) / Double(rows) : 0 }

    mutating func add(prediction: Double, outcome: Bool) {
        rows += 1
        if outcome { positives += 1 }
        sumPredicted += prediction
        minPredicted = min(minPredicted, prediction)
        maxPredicted = max(maxPredicted, prediction)
    }

    enum CodingKeys: String, CodingKey {
        case group, rows, positives, meanPredicted, observedRate, minPredicted, maxPredicted
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        group = try c.decode(Int.self, forKey: .group)
        rows = try c.decode(Int.self, forKey: .rows)
        positives = try c.decode(Int.self, forKey: .positives)
        sumPredicted = try c.decode(Double.self, forKey: .meanPredicted) * Double(rows)
        minPredicted = try c.decode(Double.self, forKey: .minPredicted)
        maxPredicted = try c.decode(Double.self, forKey: .maxPredicted)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(group, forKey: .group)
        try c.encode(rows, forKey: .rows)
        try c.encode(positives, forKey: .positives)
        try c.encode(meanPredicted, forKey: .meanPredicted)
        try c.encode(observedRate, forKey: .observedRate)
        try c.encode(minPredicted, forKey: .minPredicted)
        try c.encode(maxPredicted, forKey: .maxPredicted)
    }
}
