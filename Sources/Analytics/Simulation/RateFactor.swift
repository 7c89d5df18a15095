/// How much a margin's customers (a campaign type across channels, a
/// segment or tier across channel × type) respond above or below their
/// parents' rates: the response ratio R / E of its responders R to those
/// expected at the parents' rates, E = Σ n × parent rate over its nodes.
///
/// The ratios of all margins are shrunk toward 1 by Gamma–Poisson empirical
/// Bayes (as standardized ratios are, Clayton & Kaldor 1987): τ², their
/// spread beyond chance, by NormalMoments over (R/E, 1/E); prior
/// Gamma(1/τ², 1/τ²) with mean 1; factor (R + 1/τ²) / (E + 1/τ²) with
/// variance (R + 1/τ²) / (E + 1/τ²)². τ² = 0: every factor is 1.
public struct RateFactor: Sendable, Equatable {
    public var mean: Double
    public var variance: Double

    public init(mean: Double, variance: Double) {
        self.mean = mean
        self.variance = variance
    }

    public static let none = RateFactor(mean: 1, variance: 0)

    /// Factors of margins given their (responders, expected responders).
    public static func estimate(_ margins: [String: (responders: Double, expected: Double)]) -> [String: RateFactor] {
        let ordered = margins.filter { $0.value.expected > 0 }.sorted { $0.key < $1.key }
        let tau2 = NormalMoments.betweenVariance(
            NormalMoments.terms(ordered.map { ($0.value.responders / $0.value.expected, 1 / $0.value.expected) }))
        var factors: [String: RateFactor] = [:]
        for (name, margin) in margins {
            guard tau2 > 0 else {
                factors[name] = .none
                continue
            }
            let shape = 1 / tau2
            let rate = margin.expected + shape
            factors[name] = RateFactor(mean: (margin.responders + shape) / rate, variance: (margin.responders + shape) / (rate * rate))
        }
        return factors
    }
}
