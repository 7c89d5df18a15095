/// A shrunk estimate: the posterior mean, the variance of the node's own
/// posterior, the weight B on its prior (the parent's estimate, times the
/// factor of the node's margin), and the total variance own + B² × the
/// prior's (the parent's and the factor's uncertainty carried down).
public struct ShrunkEstimate: Sendable, Equatable {
    public var mean: Double
    public var ownVariance: Double
    public var parentWeight: Double
    public var variance: Double
    /// The factor of the node's margin on its parent's rate (1: none).
    public var priorFactor: Double
    public var priorFactorVariance: Double

    public init(
        mean: Double, ownVariance: Double, parentWeight: Double, variance: Double, priorFactor: Double = 1,
        priorFactorVariance: Double = 0
    ) {
        self.mean = mean
        self.ownVariance = ownVariance
        self.parentWeight = parentWeight
        self.variance = variance
        self.priorFactor = priorFactor
        self.priorFactorVariance = priorFactorVariance
    }

    /// A beta-binomial posterior: prior Beta(κM, κ(1 − M)) around
    /// M = μ_parent × f (f the margin's factor), then n customers with r
    /// responders: mean (r + κM) / (n + κ), own variance αβ / ((α + β)²(α + β + 1)),
    /// B = κ / (n + κ), prior variance f² Var(μ_parent) + μ_parent² Var(f).
    public static func rate(
        n: Double, r: Double, parent: ShrunkEstimate, factor: RateFactor = .none, strength kappa: Double
    ) -> ShrunkEstimate {
        let prior = min(max(parent.mean * factor.mean, 0), 1 - 1e-9)
        let priorVariance = factor.mean * factor.mean * parent.variance + parent.mean * parent.mean * factor.variance
        guard kappa.isFinite else {
            return ShrunkEstimate(
                mean: prior, ownVariance: 0, parentWeight: 1, variance: priorVariance, priorFactor: factor.mean,
                priorFactorVariance: factor.variance)
        }
        let alpha = r + kappa * prior
        let beta = (n - r) + kappa * (1 - prior)
        let size = alpha + beta
        let own = alpha * beta / (size * size * (size + 1))
        let weight = kappa / (n + kappa)
        return ShrunkEstimate(
            mean: alpha / size, ownVariance: own, parentWeight: weight, variance: own + weight * weight * priorVariance,
            priorFactor: factor.mean, priorFactorVariance: factor.variance)
    }

    /// A normal-normal posterior: the node's estimate d with sampling
    /// variance v (infinite: no data) and children of its parent spread by
    /// τ² around the parent's mean μ: B = v / (v + τ²), mean μ + (1 − B)(d − μ),
    /// own variance 1 / (1/v + 1/τ²); τ² = 0: the parent's.
    public static func normal(
        estimate d: Double, variance v: Double, parent: ShrunkEstimate, betweenVariance tau2: Double
    ) -> ShrunkEstimate {
        let weight: Double
        let own: Double
        if !v.isFinite {
            weight = 1
            own = tau2
        } else if tau2 <= 0 {
            weight = 1
            own = 0
        } else {
            weight = v / (v + tau2)
            own = v * tau2 / (v + tau2)
        }
        let mean = weight == 1 ? parent.mean : parent.mean + (1 - weight) * (d - parent.mean)
        return ShrunkEstimate(mean: mean, ownVariance: own, parentWeight: weight,
                              variance: own + weight * weight * parent.variance)
    }
}
