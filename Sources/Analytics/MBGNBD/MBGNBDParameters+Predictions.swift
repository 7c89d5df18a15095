import Foundation

/// Per-customer and population predictions (lifetimes' `ModifiedBetaGeoFitter`).
/// Every time argument (t, recency, T) is in `unit`.
///
/// Every MBG/NBD formula is the BG/NBD one with b + x − 1 replaced by b + x, applied
/// from x = 0 on: P(alive) has the dropout term at x = 0 too, and the conditional
/// expectation's ₂F₁(r + x, b + x + 1; a + b + x; z) and factor (a + b + x) / (a − 1)
/// are BG/NBD's with b + 1 for b. So the predictions reuse BG/NBD's numerically careful
/// series (Euler's transformation, the a → 1 limit) at b + 1.
extension MBGNBDParameters {
    /// P(alive | x, tₓ, T) = 1 / (1 + a / (b + x) · ((α + T) / (α + tₓ))^(r + x)), for
    /// every x: below 1 for a one-time buyer, and falling as T grows.
    public func probabilityAlive(frequency: Int, recency: Double, T: Double) -> Double {
        1 / (1 + exp(shifted.logOddsDead(frequency: frequency, recency: recency, T: T)))
    }

    /// E[Y(t) | x, tₓ, T] = (a + b + x) / (a − 1) · [1 − ((α + T)/(α + T + t))^(r + x)
    /// ₂F₁(r + x, b + x + 1; a + b + x; t / (α + T + t))] · P(alive | x, tₓ, T).
    public func expectedPurchases(t: Double, frequency: Int, recency: Double, T: Double) -> Double {
        shifted.expectedPurchasesIfAlive(t: t, frequency: frequency, T: T)
            * probabilityAlive(frequency: frequency, recency: recency, T: T)
    }

    /// E[X(t)] = b / (a − 1) · [1 − (α / (α + t))^r ₂F₁(r, b + 1; a + b; t / (α + t))]:
    /// the conditional expectation at x = 0, tₓ = 0, T = 0.
    public func populationExpectedPurchases(t: Double) -> Double {
        expectedPurchases(t: t, frequency: 0, recency: 0, T: 0)
    }

    /// E[Y(t) | x, tₓ, T] / P(alive) at several horizons (CLV month by month).
    public func expectedPurchasesIfAlive(at times: [Double], frequency: Int, T: Double) -> [Double] {
        shifted.expectedPurchasesIfAlive(at: times, frequency: frequency, T: T)
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

    /// BG/NBD parameters with b + 1 for b: their b + x − 1 is this model's b + x.
    private var shifted: BGNBDParameters {
        BGNBDParameters(r: r, alpha: alpha, a: a, b: b + 1, unit: unit)
    }
}
