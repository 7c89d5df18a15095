/// A fitted Gamma-Gamma model and how the fit went.
public struct GammaGammaFit: Sendable, Hashable, Codable {
    /// The maximum-likelihood (or penalised) estimates.
    public var parameters: GammaGammaParameters
    /// Σ ln L over the customers used (without the penalty).
    public var logLikelihood: Double
    /// The minimised objective, lifetimes' convention: −(Σ ln L)/N + penalizer · (p² + q² + γ²).
    public var objective: Double
    /// The L2 penalty coefficient the fit used (0: plain maximum likelihood).
    public var penalizer: Double
    /// Simplex iterations plus quasi-Newton iterations.
    public var iterations: Int
    /// Objective evaluations of every stage.
    public var functionEvaluations: Int
    /// True when the final gradient is below tolerance and no parameter ran off to 0 or ∞.
    public var converged: Bool
    /// Largest absolute gradient component of the objective, per log-parameter.
    public var gradientNorm: Double
    /// Customers the model was fitted on: frequency ≥ 1 and a positive monetary value.
    public var customers: Int
    /// Repeat buyers left out because their mean repeat value was 0 (ln 0 has no likelihood).
    public var excludedCustomers: Int
    /// Distinct (frequency, monetary) pairs the likelihood was evaluated on.
    public var distinctRows: Int
    /// Pearson correlation between frequency and monetary value over the customers used.
    /// The model assumes spend is independent of purchase frequency: a value far from 0
    /// (say |ρ| > 0.3) means its predictions should not be trusted. `nil` without spread.
    public var frequencyMonetaryCorrelation: Double?

    /// E[Z | x, m̄]; see ``GammaGammaParameters/expectedAverageValue(frequency:monetary:)``.
    public func expectedAverageValue(frequency: Int, monetary: Double) -> Double {
        parameters.expectedAverageValue(frequency: frequency, monetary: monetary)
    }
}
