/// Method-of-moments (DerSimonian–Laird) pieces of the normal-normal model
/// used to shrink uplifts per customer. Estimates d_i with sampling
/// variances v_i scatter around their parent's mean with between-variance
/// τ². With ω_i = 1/v_i, d̄ = Σω d / Σω and Q = Σ ω (d − d̄)²,
///
///     E[Q] = (m − 1) + τ² (Σω − Σω² / Σω),
///
/// so τ̂² = max(0, (Q − (m − 1)) / (Σω − Σω²/Σω)); numerator and
/// denominator apart so that several parents can pool them.
public enum NormalMoments {
    /// The terms over (estimate, variance) pairs with a finite positive
    /// variance; nil with fewer than 2 of them.
    public static func terms(_ estimates: [(d: Double, v: Double)]) -> BetaBinomialMoments.Terms? {
        let used = estimates.filter { $0.v > 0 && $0.v.isFinite }
        guard used.count >= 2 else { return nil }
        let weights = used.map { 1 / $0.v }
        let total = weights.reduce(0, +)
        let mean = zip(used, weights).reduce(0) { $0 + $1.0.d * $1.1 } / total
        let q = zip(used, weights).reduce(0) { $0 + $1.1 * ($1.0.d - mean) * ($1.0.d - mean) }
        let squares = weights.reduce(0) { $0 + $1 * $1 }
        return BetaBinomialMoments.Terms(
            numerator: q - Double(used.count - 1), denominator: total - squares / total, groups: used.count)
    }

    /// τ̂² from (pooled) terms; 0 when the denominator is not positive.
    public static func betweenVariance(_ terms: BetaBinomialMoments.Terms?) -> Double {
        guard let terms, terms.denominator > 0 else { return 0 }
        return max(0, terms.numerator / terms.denominator)
    }
}
