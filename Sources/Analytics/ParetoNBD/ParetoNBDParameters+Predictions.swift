import Foundation

/// Per-customer and population predictions (Fader & Hardie, note 009; lifetimes'
/// `ParetoNBDFitter`). Every time argument (t, recency, T) is in `unit`.
extension ParetoNBDParameters {
    /// ln L(x, tₓ, T) = ln Γ(r + x) − ln Γ(r) + r ln α + s ln β + ln(F₁ + S) (note 009, eq. 18).
    public func logLikelihood(frequency: Int, recency: Double, T: Double) -> Double {
        let x = Double(frequency)
        let rate: Double = lgamma(r + x) - lgamma(r) + r * log(alpha) + s * log(beta)
        return rate + rowTerms(frequency: frequency, recency: recency, T: T).value
    }

    /// P(alive | x, tₓ, T) = F₁ / (F₁ + S) (note 009, eq. 36–37): 1 at tₓ = T, and
    /// falling as time passes since the last purchase, for one-time buyers too.
    public func probabilityAlive(frequency: Int, recency: Double, T: Double) -> Double {
        1 / (1 + exp(rowTerms(frequency: frequency, recency: recency, T: T).logOddsDead))
    }

    /// E[Y(t) | x, tₓ, T] = P(alive) · (r + x)(β + T) / ((α + T)(s − 1)) · [1 − ((β + T)/(β + T + t))^(s−1)]
    /// (note 009, eq. 41).
    public func expectedPurchases(t: Double, frequency: Int, recency: Double, T: Double) -> Double {
        expectedPurchasesIfAlive(t: t, frequency: frequency, T: T)
            * probabilityAlive(frequency: frequency, recency: recency, T: T)
    }

    /// E[X(t)] = r β / (α (s − 1)) · [1 − (β / (β + t))^(s−1)] (note 009, eq. 27): the
    /// conditional expectation at x = tₓ = T = 0.
    public func populationExpectedPurchases(t: Double) -> Double {
        expectedPurchasesIfAlive(t: t, frequency: 0, T: 0)
    }

    /// E[Y(t) | x, tₓ, T] / P(alive) at several horizons (CLV month by month).
    public func expectedPurchasesIfAlive(at times: [Double], frequency: Int, T: Double) -> [Double] {
        times.map { expectedPurchasesIfAlive(t: $0, frequency: frequency, T: T) }
    }

    /// P(X(t) = n) for a new customer: alive at t with n purchases, or gone at some
    /// τ < t after n purchases,
    ///   NBD(n; t) (β/(β + t))^s + ∫₀ᵗ s β^s (β + τ)^−(s+1) NBD(n; τ) dτ,
    /// NBD(n; τ) = Γ(r + n)/(Γ(r) n!) (α/(α + τ))^r (τ/(α + τ))^n. The integral (the
    /// closed form of Fader, Hardie & Lee's note on P(X(t) = x) subtracts nearly equal
    /// sums for small t or large n) is taken by Gauss–Legendre quadrature in
    /// u = ln(1 + τ / min(α, β)), on panels 1/8 wide.
    public func probabilityOfPurchases(_ n: Int, t: Double) -> Double {
        guard n >= 0 else { return 0 }
        guard t > 0 else { return n == 0 ? 1 : 0 }
        let x = Double(n)
        let coefficient: Double = lgamma(r + x) - lgamma(r) - lgamma(x + 1)
        func logNBD(_ tau: Double) -> Double {
            let alive: Double = -r * log1p(tau / alpha)
            return n == 0 ? coefficient + alive : coefficient + alive + x * log(tau / (alpha + tau))
        }
        let stays = exp(logNBD(t) - s * log1p(t / beta))
        let sigma = min(alpha, beta)
        let upper = log1p(t / sigma)
        let panels = max(8, Int((upper * 8).rounded(.up)))
        let width = upper / Double(panels)
        var leaves = 0.0
        for panel in 0..<panels {
            let lower = Double(panel) * width
            for (node, weight) in GaussLegendre.sixteen {
                let u = lower + width * 0.5 * (node + 1)
                let tau = sigma * expm1(u)
                // dτ = (σ + τ) du; the density s β^s (β + τ)^−(s+1) in logs.
                let logDensity = log(s) - (s + 1) * log1p(tau / beta) - log(beta)
                leaves += weight * 0.5 * width * (sigma + tau) * exp(logDensity + logNBD(tau))
            }
        }
        return stays + leaves
    }

    /// P(Y(t) = n | x, tₓ, T) = (1 − P(alive)) δ(n = 0) + P(alive) · P'(X(t) = n), P' the
    /// pmf above at (r + x, α + T, s, β + T): given alive at T, λ ~ Gamma(r + x, α + T) and
    /// μ ~ Gamma(s, β + T), independent, and from T on the customer is a new Pareto/NBD
    /// customer with those parameters (Fader & Hardie's note 028 reaches the same pmf by
    /// integrating, in a closed form that subtracts hypergeometric sums).
    public func conditionalProbabilityOfPurchases(
        _ n: Int, t: Double, frequency: Int, recency: Double, T: Double
    ) -> Double {
        guard n >= 0 else { return 0 }
        let alive = probabilityAlive(frequency: frequency, recency: recency, T: T)
        let updated = ParetoNBDParameters(r: r + Double(frequency), alpha: alpha + T, s: s, beta: beta + T, unit: unit)
        return (n == 0 ? 1 - alive : 0) + alive * updated.probabilityOfPurchases(n, t: t)
    }

    /// P(alive) for a summary row whose times are in `unit`.
    public func probabilityAlive(_ row: RFMSummaryRow) -> Double {
        probabilityAlive(frequency: row.frequency, recency: row.recency, T: row.T)
    }

    /// Expected repeat purchases over `horizon` (converted to `unit`) for a row in `unit`.
    public func expectedPurchases(in horizon: TimeSpan, for row: RFMSummaryRow) -> Double {
        expectedPurchases(t: horizon.value(in: unit), frequency: row.frequency, recency: row.recency, T: row.T)
    }

    /// E[X(t)] for a horizon in any unit.
    public func populationExpectedPurchases(in horizon: TimeSpan) -> Double {
        populationExpectedPurchases(t: horizon.value(in: unit))
    }

    /// (r + x)(β + T)/(α + T) · [1 − ((β + T)/(β + T + t))^(s−1)] / (s − 1), written as
    /// L · (e^y − 1)/y with L = ln(1 + t/(β + T)), y = −(s − 1) L, so s = 1 (where the
    /// bracket over s − 1 becomes L) needs no special case.
    func expectedPurchasesIfAlive(t: Double, frequency: Int, T: Double) -> Double {
        guard t > 0 else { return 0 }
        let logGrowth = log1p(t / (beta + T))
        let y = -(s - 1) * logGrowth
        return (r + Double(frequency)) * (beta + T) / (alpha + T) * logGrowth * SpecialFunctions.relativeExpm1(y)
    }

    func rowTerms(frequency: Int, recency: Double, T: Double) -> ParetoNBDRowTerms {
        ParetoNBDRowTerms(r: r, alpha: alpha, s: s, beta: beta, x: Double(frequency), recency: recency, T: T)
    }
}
