/// Method-of-moments pieces of the beta-binomial model used to shrink
/// response rates. Groups i (cells, or campaigns within a cell) with n_i
/// customers and r_i responders have rates θ_i ~ Beta around expected rates
/// m_i (the parent's rate, times a factor of the group's margin) with
/// intra-class correlation ρ = 1 / (α + β + 1). The Pearson statistic
/// X = Σ n_i (r_i/n_i − m_i)² / (m_i (1 − m_i)) has, with m_i estimated from
/// the same data,
///
///     E[X] ≈ (m − 1) + ρ (N − Σn_i²/N − (m − 1))
///
/// (m groups, N = Σn), so ρ̂ = (X − (m − 1)) / (N − Σn_i²/N − (m − 1)),
/// clamped to [0, 1]. With m_i = p̄ = Σr / Σn for all, X = S / (p̄(1 − p̄)) for
/// S = Σ n_i (r_i/n_i − p̄)², the classic estimator. The numerator and
/// denominator are returned apart so that several parents can pool them
/// when each has too few children.
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

    /// The terms over groups of (customers, responders) around their pooled
    /// rate; nil with fewer than 2 groups with customers, or when no one or
    /// everyone responded.
    public static func terms(_ groups: [(n: Double, r: Double)]) -> Terms? {
        let used = groups.filter { $0.n > 0 }
        let total = used.reduce(0) { $0 + $1.n }
        guard total > 0 else { return nil }
        let pooled = used.reduce(0) { $0 + $1.r } / total
        return terms(used.map { ($0.n, $0.r, pooled) })
    }

    /// The terms over groups of (customers, responders, expected rate); nil
    /// with fewer than 2 groups with customers and an expected rate
    /// strictly between 0 and 1.
    public static func terms(_ groups: [(n: Double, r: Double, expected: Double)]) -> Terms? {
        let used = groups.filter { $0.n > 0 && $0.expected > 0 && $0.expected < 1 }
        guard used.count >= 2 else { return nil }
        let total = used.reduce(0) { $0 + $1.n }
        let x = used.reduce(0) { sum, g in
            sum + g.n * (g.r / g.n - g.expected) * (g.r / g.n - g.expected) / (g.expected * (1 - g.expected))
        }
        let m = Double(used.count)
        let squares = used.reduce(0) { $0 + $1.n * $1.n }
        return Terms(numerator: x - (m - 1), denominator: total - squares / total - (m - 1), groups: used.count)
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
