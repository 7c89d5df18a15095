/// Parameters of the Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV:
/// Using Iso-Value Curves for Customer Base Analysis"; Fader & Hardie, note 025).
///
/// A customer's transaction values are Gamma(p, ν) with mean p / ν; across customers
/// ν ~ Gamma(q, γ). `v` is γ (lifetimes' name), in the currency of the monetary values.
public struct GammaGammaParameters: Sendable, Hashable, Codable {
    /// Shape of each customer's Gamma distribution of transaction values.
    public var p: Double
    /// Shape of the Gamma distribution of ν across customers.
    public var q: Double
    /// γ, the rate of the Gamma distribution of ν across customers, in money units.
    public var v: Double

    public init(p: Double, q: Double, v: Double) {
        self.p = p
        self.q = q
        self.v = v
    }

    /// E[Z | x, m̄] (note 025, eq. 5): a weighted mean of the population mean
    /// p γ / (q − 1) and the customer's observed mean m̄, the weight on m̄ being
    /// p x / (p x + q − 1). Written as p (γ + x m̄) / (p x + q − 1), which needs no
    /// q > 1 once x ≥ 1. For x = 0 it is the population mean, which exists only for q > 1.
    public func expectedAverageValue(frequency: Int, monetary: Double) -> Double {
        let x = Double(frequency)
        return p * (v + x * monetary) / (p * x + q - 1)
    }

    /// The population mean transaction value p γ / (q − 1), or `nil` when q ≤ 1 (the
    /// mean of the mixing distribution does not exist).
    public var populationMeanValue: Double? {
        q > 1 ? p * v / (q - 1) : nil
    }

    var isFinitePositive: Bool {
        [p, q, v].allSatisfy { $0.isFinite && $0 > 0 }
    }
}
