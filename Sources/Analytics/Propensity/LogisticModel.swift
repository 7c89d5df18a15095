/// A logistic regression on raw features: the scaling learnt from the training
/// rows and the fit on the standardised ones. Features constant in training
/// are left out (they tell no row apart and cannot be standardised).
///
/// ```swift
/// let model = try LogisticModel.fit(trainingFeatures, labels: bought, penalty: 1)
/// let probabilities = model.probabilities(featuresToScore)   // same columns as training
/// model.fit.coefficients   // per model.scaling.names, standardised scale
/// ```
public struct LogisticModel: Sendable, Hashable, Codable {
    /// Mean and sd of each feature the model uses (those that varied in training).
    public var scaling: FeatureScaling
    public var fit: LogisticFit
    /// Features of the training matrix left out because they were constant.
    public var constantFeatures: [String]

    public init(scaling: FeatureScaling, fit: LogisticFit, constantFeatures: [String] = []) {
        self.scaling = scaling
        self.fit = fit
        self.constantFeatures = constantFeatures
    }

    /// Standardises `features`, leaves out constant columns, fits with penalty λ.
    /// `startingFrom`, a model of similar rows, only shortens the iterations.
    public static func fit(
        _ features: FeatureMatrix, labels: [Bool], penalty: Double,
        options: LogisticRegression.Options = LogisticRegression.Options(), startingFrom earlier: LogisticModel? = nil
    ) throws -> LogisticModel {
        let full = FeatureScaling(fitting: features)
        let constant = Set(full.constantColumns)
        let kept = features.names.indices.filter { !constant.contains($0) }
        let scaling = FeatureScaling(
            names: kept.map { features.names[$0] }, means: kept.map { full.means[$0] },
            standardDeviations: kept.map { full.standardDeviations[$0] })
        let fit = try LogisticRegression.fit(
            scaling.standardized(features, columns: kept), labels: labels, penalty: penalty, options: options,
            start: earlier.map { $0.coefficients(on: scaling) })
        return LogisticModel(scaling: scaling, fit: fit, constantFeatures: constant.sorted().map { features.names[$0] })
    }

    /// This model's linear predictor written on another scaling (intercept
    /// first): the same η for every raw row; 0 for features it does not have.
    func coefficients(on other: FeatureScaling) -> [Double] {
        var intercept = fit.intercept
        var out = [Double](repeating: 0, count: other.names.count + 1)
        let index = Dictionary(uniqueKeysWithValues: scaling.names.enumerated().map { ($1, $0) })
        for (k, name) in other.names.enumerated() {
            guard let j = index[name] else { continue }
            let beta = fit.coefficients[j] / scaling.standardDeviations[j]
            out[k + 1] = beta * other.standardDeviations[k]
            intercept += beta * (other.means[k] - scaling.means[j])
        }
        // Features this model has and the other lacks (constant there) count at their mean.
        out[0] = intercept
        return out
    }

    /// P(y = 1) for every row of `features` (raw, with at least the model's columns).
    public func probabilities(_ features: FeatureMatrix) -> [Double] {
        let index = Dictionary(uniqueKeysWithValues: features.names.enumerated().map { ($1, $0) })
        let columns = scaling.names.map { name -> Int in
            guard let column = index[name] else { preconditionFailure("the features have no column \(name)") }
            return column
        }
        // As fit.probability of each standardised row, term for term, without the row's copy.
        let means = scaling.means, deviations = scaling.standardDeviations, beta = fit.coefficients
        let width = features.columns
        var out = [Double](repeating: LogisticFit.logistic(fit.intercept), count: features.rows)
        guard !columns.isEmpty else { return out }
        features.values.withUnsafeBufferPointer { x in
            for r in 0..<features.rows {
                let row = x.baseAddress! + r * width
                var eta = fit.intercept
                for k in columns.indices { eta += ((row[columns[k]] - means[k]) / deviations[k]) * beta[k] }
                out[r] = LogisticFit.logistic(eta)
            }
        }
        return out
    }
}
