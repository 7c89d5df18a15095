import Foundation

/// A fitted ``LogisticRegression``: coefficients on the standardised features
/// and the fit's diagnostics.
public struct LogisticFit: Sendable, Hashable, Codable {
    /// Feature names, in the order of `coefficients`.
    public var names: [String]
    /// β₀, unpenalised.
    public var intercept: Double
    /// β, one per feature (standardised scale).
    public var coefficients: [Double]
    /// λ of the penalty (λ / 2) Σ βⱼ².
    public var penalty: Double
    /// Σ [y log p + (1 − y) log(1 − p)] at the optimum (without the penalty).
    public var logLikelihood: Double
    /// The minimised objective: −logLikelihood + (λ / 2) Σ βⱼ².
    public var objective: Double
    /// Largest absolute component of the objective's gradient at the optimum.
    public var gradientNorm: Double
    public var iterations: Int
    public var converged: Bool
    /// Training rows and how many of them are positive.
    public var rows: Int
    public var positives: Int

    /// P(y = 1) for one standardised row, in `names` order.
    public func probability<C: Collection>(_ row: C) -> Double where C.Element == Double {
        var eta = intercept
        for (value, beta) in zip(row, coefficients) { eta += value * beta }
        return Self.logistic(eta)
    }

    /// 1 / (1 + e^−η), without overflow.
    static func logistic(_ eta: Double) -> Double {
        eta >= 0 ? 1 / (1 + exp(-eta)) : exp(eta) / (1 + exp(eta))
    }

    /// P(y = 1) for every row of a standardised matrix with these columns.
    public func probabilities(_ matrix: FeatureMatrix) -> [Double] {
        precondition(matrix.names == names, "the matrix's columns are not the fit's")
        return (0..<matrix.rows).map { probability(matrix.row($0)) }
    }
}
