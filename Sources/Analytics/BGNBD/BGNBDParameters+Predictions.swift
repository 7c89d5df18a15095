import Foundation

/// Per-customer and population predictions. Every time argument (t, recency, T) is
/// in `unit`; the `TimeSpan` / ``RFMSummaryRow`` overloads convert for you.
extension BGNBDParameters {
    /// P(alive | x, tₓ, T) (Fader, Hardie & Lee 2005, eq. 11; Hardie's note 021):
    /// 1 / (1 + δ(x > 0) a / (b + x − 1) ((α + T) / (α + tₓ))^(r + x)).
    /// Always 1 for a customer without repeat purchases (BG/NBD drops out only after a purchase).
    public func probabilityAlive(frequency: Int, recency: Double, T: Double) -> Double {
        guard frequency > 0 else { return 1 }
        return 1 / (1 + exp(logOddsDead(frequency: frequency, recency: recency, T: T)))
    }

    /// E[Y(t) | x, tₓ, T]: expected repeat purchases in the next `t` units (eq. 10).
    public func expectedPurchases(t: Double, frequency: Int, recency: Double, T: Double) -> Double {
        let numerator = expectedPurchasesIfAlive(t: t, frequency: frequency, T: T)
        guard frequency > 0 else { return numerator }
        // Dividing by 1 + e^k through the logistic keeps a huge e^k finite (result → 0).
        let logOdds = logOddsDead(frequency: frequency, recency: recency, T: T)
        return numerator / (1 + exp(logOdds))
    }

    /// E[X(t)]: expected repeat purchases in `t` units of a new customer drawn from
    /// the population (eq. 9). Equal to eq. 10's numerator at x = 0, T = 0.
    public func populationExpectedPurchases(t: Double) -> Double {
        expectedPurchasesIfAlive(t: t, frequency: 0, T: 0)
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

    /// ln(a / (b + x − 1)) + (r + x) ln((α + T) / (α + tₓ)), for x ≥ 1.
    func logOddsDead(frequency: Int, recency: Double, T: Double) -> Double {
        let x = Double(frequency)
        return log(a / (b + x - 1)) + (r + x) * (log(alpha + T) - log(alpha + recency))
    }

    /// The numerator of eq. 10,
    ///   (a + b + x − 1) / (a − 1) · [1 − ((α + T)/(α + T + t))^(r + x) ₂F₁(r + x, b + x; a + b + x − 1; z)],
    /// z = t / (α + T + t). Euler's transformation (A&S 15.3.3) turns the ₂F₁ into
    /// (1 − z)^(a − 1 − r − x) ₂F₁(a + b − 1 − r, a − 1; a + b + x − 1; z), whose
    /// parameters no longer grow with x, and the power factors combine into (1 − z)^(a − 1).
    /// Writing ₂F₁(e, a − 1; c; z) = 1 + (a − 1) G(z) then cancels the 1 / (a − 1)
    /// analytically, so the value stays exact as a → 1:
    ///   c · [−L · (e^((a−1)L) − 1) / ((a − 1)L) − e^((a−1)L) G(z)],  L = ln(1 − z).
    func expectedPurchasesIfAlive(t: Double, frequency: Int, T: Double) -> Double {
        guard t > 0 else { return 0 }
        let x = Double(frequency)
        let c = a + b + x - 1
        let e = a + b - 1 - r
        let z = t / (alpha + T + t)
        let logOneMinusZ = -log1p(t / (alpha + T))
        let y = (a - 1) * logOneMinusZ
        if z > 0.999 && abs(a - 1) > 1e-3 {
            // Very long horizons: the power series in z would need ~10⁴+ terms; the
            // general function switches to a series in 1 − z.
            let f = Hypergeometric2F1.value(a: e, b: a - 1, c: c, z: z)
            return c * (1 - exp(y) * f) / (a - 1)
        }
        return c * (-logOneMinusZ * SpecialFunctions.relativeExpm1(y) - exp(y) * eulerSeriesTail(e: e, c: c, z: z))
    }

    /// G(z) = Σₙ≥₁ (e)ₙ (a)ₙ₋₁ / ((c)ₙ n!) zⁿ, so that ₂F₁(e, a − 1; c; z) = 1 + (a − 1) G(z).
    private func eulerSeriesTail(e: Double, c: Double, z: Double) -> Double {
        var term = e / c * z
        var sum = term
        var n = 1.0
        var quietTerms = 0
        while term != 0 && n < Double(Hypergeometric2F1.maximumTerms) {
            term *= (e + n) * (a + n - 1) / ((c + n) * (n + 1)) * z
            sum += term
            n += 1
            let shrinking = abs((e + n) * (a + n - 1) * z) < abs((c + n) * (n + 1))
            if abs(term) <= 1e-17 * abs(sum) && shrinking {
                quietTerms += 1
                if quietTerms == 2 { break }
            } else {
                quietTerms = 0
            }
        }
        return sum
    }
}
