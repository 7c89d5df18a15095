/// Method-of-moments pieces of the beta-binomial model used to shrink
/// response rates. Groups i (cells, or campaigns within a cell) with n_i
/// customers and r_i responders have rates θ_i ~ Beta with mean p and
/// intra-class correlation ρ = 1 / (α + β + 1). With p̄ = Σr / Σn, N = Σn
/// and S = Σ n_i (r_i/n_i − p̄)²,
///
///     E[S] = p(1 − p) [(m − 1) + ρ (N − Σn_i²/N − (m − 1))]
///
/// (m groups), so ρ̂ = (S / (p̄(1 − p̄)) − (m − 1)) / (N − Σn_i²/N − (m − 1)),
/// clamped to [0, 1]. The numerator and denominator are returned apart so
/// that several parents can pool them when each has too few children.
public enum BetaBinomialMoments {
    public struct Terms: Sendable, Equatable {
        public var numerator: Double
        public var denominator: Double
        /// Groups with customers.
        public var groups: Int

        public static func + (a: Terms, b: Terms) -> Terms {
            Terms(numerator: a.numerator + b.numerator, denominator: a.denominator + b.denominator, groups: a.groups + b.groups)
        }

        /// The terms of several parents pooled; nil when there are none.
        public static func pooled(_ terms: [Terms]) -> Terms? {
            guard let first = terms.first else { return nil }
            return terms.dropFirst().reduce(first, +)
        }
    }

    /// The terms over groups of (customers, responders); nil with fewer
    /// than 2 groups with customers, or when no one or everyone responded.
    public static func terms(_ groups: [(n: Double, r: Double)]) -> Terms? {
        let used = groups.filter { $0.n > 0 }
        guard used.count >= 2 else { return nil }
        let total = used.reduce(0) { $0 + $1.n }
        let pooled = used.reduce(0) { $0 + $1.r } / total
        guard pooled > 0, pooled < 1 else { return nil }
        let s = used.reduce(0) { $0 + $1.n * ($1.r / $1.n - pooled) * ($1.r / $1.n - pooled) }
        let m = Double(used.count)
        let squares = used.reduce(0) { $0 + $1.n * $1.n }
        return Terms(
            numerator: s / (pooled * (1 - pooled)) - (m - 1), denominator: total - squares / total - (m - 1),
            groups: used.count)
    }

    /// ρ̂ from (pooled) terms, in [0, 1]; 0 when the denominator is not positive.
    public static func correlation(_ terms: Terms?) -> Double {
        guard let terms, terms.denominator > 0 else { return 0 }
        return min(1, max(0, terms.numerator / terms.denominator))
    }

    /// The prior strength α + β = (1 − ρ) / ρ; infinite at ρ = 0 (the
    /// children do not differ beyond chance: each takes its parent's rate).
    public static func strength(correlation rho: Double) -> Double {
        rho <= 0 ? .infinity : max((1 - rho) / rho, 1e-9)
    }
}

/// A shrunk estimate: the posterior mean, the variance of the node's own
/// posterior, the weight B on the parent's estimate, and the total variance
/// own + B² × the parent's (the parent's uncertainty carried down).
public struct ShrunkEstimate: Sendable, Equatable {
    public var mean: Double
    public var ownVariance: Double
    public var parentWeight: Double
    public var variance: Double

    public init(mean: Double, ownVariance: Double, parentWeight: Double, variance: Double) {
        self.mean = mean
        self.ownVariance = ownVariance
        self.parentWeight = parentWeight
        self.variance = variance
    }

    /// A beta-binomial posterior: prior Beta(κμ, κ(1 − μ)) around the parent's
    /// mean μ, then n customers with r responders: mean (r + κμ) / (n + κ),
    /// variance αβ / ((α + β)²(α + β + 1)), B = κ / (n + κ).
    public static func rate(n: Double, r: Double, parent: ShrunkEstimate, strength kappa: Double) -> ShrunkEstimate {
        guard kappa.isFinite else {
            return ShrunkEstimate(mean: parent.mean, ownVariance: 0, parentWeight: 1, variance: parent.variance)
        }
        let alpha = r + kappa * parent.mean
        let beta = (n - r) + kappa * (1 - parent.mean)
        let size = alpha + beta
        let own = alpha * beta / (size * size * (size + 1))
        let weight = kappa / (n + kappa)
        return ShrunkEstimate(mean: alpha / size, ownVariance: own, parentWeight: weight,
                              variance: own + weight * weight * parent.variance)
    }

    /// A normal-normal posterior: the node's estimate d with sampling
    /// variance v (infinite: no data) and children of its parent spread by
    /// τ² around the parent's mean μ: B = v / (v + τ²), mean μ + (1 − B)(d − μ),
    /// own variance 1 / (1/v + 1/τ²).
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
