import Foundation

/// Per-customer log-likelihood and P(X(t) = n) of the two beta-geometric models.
/// MBG/NBD (`modified`) is BG/NBD with b + x − 1 replaced by b + x from x = 0 on.
enum BetaGeometricFormulas {
    /// ln L(x, tₓ, T) = C(x) + ln(e^A₃ + δ e^A₄) (see ``BGNBDLikelihood``); δ = 1 for
    /// x > 0, and for every x in MBG/NBD.
    static func logLikelihood(
        r: Double, alpha: Double, a: Double, b: Double, modified: Bool, frequency: Int, recency: Double, T: Double
    ) -> Double {
        let x = Double(frequency)
        let shift = modified ? 1.0 : 0.0
        let rate: Double = lgamma(r + x) - lgamma(r) + r * log(alpha)
        let dropout: Double = lgamma(a + b) + lgamma(b + x + shift) - lgamma(b) - lgamma(a + b + x + shift)
        let c = rate + dropout
        let a3 = -(r + x) * log(alpha + T)
        guard frequency > 0 || modified else { return c + a3 }
        let a4 = log(a) - log(b + x - 1 + shift) - (r + x) * log(alpha + recency)
        return c + max(a3, a4) + log1p(exp(-abs(a3 - a4)))
    }

    /// P(X(t) = n) (Fader, Hardie & Lee 2005, eq. 8):
    ///   B(a, b + n)/B(a, b) · NBD(n; t) + δ(n > 0) B(a + 1, b + n − 1)/B(a, b) · P(NBD(t) ≥ n),
    /// NBD(j; t) = Γ(r + j)/(Γ(r) j!) (α/(α + t))^r (t/(α + t))^j the purchases of a customer
    /// who stays; MBG/NBD: B(a, b + n + 1) and B(a + 1, b + n), the second term at n = 0 too.
    static func probabilityOfPurchases(
        _ n: Int, t: Double, r: Double, alpha: Double, a: Double, b: Double, modified: Bool
    ) -> Double {
        guard n >= 0 else { return 0 }
        guard t > 0 else { return n == 0 ? 1 : 0 }
        let x = Double(n)
        let shift = modified ? 1.0 : 0.0
        let logBeta0 = lgamma(a + b) - lgamma(b)
        let logStays: Double = logBeta0 + lgamma(b + x + shift) - lgamma(a + b + x + shift)
        let stays = exp(logStays) * negativeBinomial(n, t, r, alpha)
        guard n > 0 || modified else { return stays }
        let logLeaves: Double = log(a) + logBeta0 + lgamma(b + x - 1 + shift) - lgamma(a + b + x + shift)
        let leaves = exp(logLeaves)
        return stays + leaves * negativeBinomialTail(n, t, r, alpha)
    }

    /// P(Y(t) = n | x, tₓ, T) = (1 − P(alive)) δ(n = 0) + P(alive) · P'(X(t) = n), P' the
    /// BG/NBD pmf at (r + x, α + T, a, b + x + shift): given alive at T, λ ~ Gamma(r + x, α + T)
    /// and p ~ Beta(a, b + x) (MBG/NBD: b + x + 1, it survived the first purchase too), and
    /// from T on the customer buys, and may leave after each purchase, as a new BG/NBD customer.
    static func conditionalProbabilityOfPurchases(
        _ n: Int, t: Double, alive: Double, frequency: Int, T: Double, r: Double, alpha: Double, a: Double, b: Double,
        modified: Bool
    ) -> Double {
        guard n >= 0 else { return 0 }
        let x = Double(frequency)
        let future = probabilityOfPurchases(
            n, t: t, r: r + x, alpha: alpha + T, a: a, b: b + x + (modified ? 1 : 0), modified: false)
        return (n == 0 ? 1 - alive : 0) + alive * future
    }

    /// Γ(r + j)/(Γ(r) j!) (α/(α + t))^r (t/(α + t))^j.
    static func negativeBinomial(_ j: Int, _ t: Double, _ r: Double, _ alpha: Double) -> Double {
        let x = Double(j)
        let logCoefficient: Double = lgamma(r + x) - lgamma(r) - lgamma(x + 1)
        return exp(logCoefficient - r * log1p(t / alpha) + x * log(t / (alpha + t)))
    }

    /// P(NBD(t) ≥ n), summed from whichever side is smaller so that a tiny tail keeps its digits.
    static func negativeBinomialTail(_ n: Int, _ t: Double, _ r: Double, _ alpha: Double) -> Double {
        guard n > 0 else { return 1 }
        let p = t / (alpha + t)
        var term = exp(-r * log1p(t / alpha))
        var below = 0.0
        for j in 0..<n {
            below += term
            term *= (r + Double(j)) / Double(j + 1) * p
        }
        if below < 0.5 { return 1 - below }
        // term is now NBD(n; t); sum the tail upwards past the mode.
        var tail = 0.0
        var j = Double(n)
        while term > 0 {
            tail += term
            let ratio = (r + j) / (j + 1) * p
            term *= ratio
            j += 1
            if ratio < 1 && term <= 1e-17 * tail { break }
            if j > Double(n) + Double(Hypergeometric2F1.maximumTerms) { break }
        }
        return tail
    }
}

extension BGNBDParameters {
    /// ln L(x, tₓ, T) (paper eq. 6), times in `unit`.
    public func logLikelihood(frequency: Int, recency: Double, T: Double) -> Double {
        BetaGeometricFormulas.logLikelihood(
            r: r, alpha: alpha, a: a, b: b, modified: false, frequency: frequency, recency: recency, T: T)
    }

    /// P(X(t) = n) for a new customer (paper eq. 8).
    public func probabilityOfPurchases(_ n: Int, t: Double) -> Double {
        BetaGeometricFormulas.probabilityOfPurchases(n, t: t, r: r, alpha: alpha, a: a, b: b, modified: false)
    }

    /// P(Y(t) = n | x, tₓ, T).
    public func conditionalProbabilityOfPurchases(
        _ n: Int, t: Double, frequency: Int, recency: Double, T: Double
    ) -> Double {
        BetaGeometricFormulas.conditionalProbabilityOfPurchases(
            n, t: t, alive: probabilityAlive(frequency: frequency, recency: recency, T: T), frequency: frequency, T: T,
            r: r, alpha: alpha, a: a, b: b, modified: false)
    }
}

extension MBGNBDParameters {
    /// ln L(x, tₓ, T) (Batislam et al. 2007, eq. 4), times in `unit`.
    public func logLikelihood(frequency: Int, recency: Double, T: Double) -> Double {
        BetaGeometricFormulas.logLikelihood(
            r: r, alpha: alpha, a: a, b: b, modified: true, frequency: frequency, recency: recency, T: T)
    }

    /// P(X(t) = n) for a new customer: BG/NBD's eq. 8 with b + 1 for b and the dropout
    /// term at n = 0 too (a customer may leave right after the first purchase).
    public func probabilityOfPurchases(_ n: Int, t: Double) -> Double {
        BetaGeometricFormulas.probabilityOfPurchases(n, t: t, r: r, alpha: alpha, a: a, b: b, modified: true)
    }

    /// P(Y(t) = n | x, tₓ, T).
    public func conditionalProbabilityOfPurchases(
        _ n: Int, t: Double, frequency: Int, recency: Double, T: Double
    ) -> Double {
        BetaGeometricFormulas.conditionalProbabilityOfPurchases(
            n, t: t, alive: probabilityAlive(frequency: frequency, recency: recency, T: T), frequency: frequency, T: T,
            r: r, alpha: alpha, a: a, b: b, modified: true)
    }
}
