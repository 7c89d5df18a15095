import Foundation

extension BGNBDParameters {
    /// E[Y(t) | x, tₓ, T] (eq. 10) at several horizons `times` (in `unit`) at once, as
    /// CLV needs it month by month.
    ///
    /// The Euler-series coefficients (e)ₙ(a)ₙ₋₁ / ((c)ₙ n!) do not depend on t, so they
    /// are generated once and the series is summed for every horizon in the same pass.
    public func expectedPurchases(at times: [Double], frequency: Int, recency: Double, T: Double) -> [Double] {
        let alive = frequency > 0 ? 1 / (1 + exp(logOddsDead(frequency: frequency, recency: recency, T: T))) : 1
        return expectedPurchasesIfAlive(at: times, frequency: frequency, T: T).map { $0 * alive }
    }

    /// Eq. 10's numerator at several horizons: E[Y(t) | x, tₓ, T] / P(alive), which
    /// depends on x and T only; see ``expectedPurchasesIfAlive(t:frequency:T:)``.
    public func expectedPurchasesIfAlive(at times: [Double], frequency: Int, T: Double) -> [Double] {
        let z = times.map { $0 > 0 ? $0 / (alpha + T + $0) : 0 }
        guard let largest = z.max(), largest > 0, largest <= 0.999 else {
            return times.map { expectedPurchasesIfAlive(t: $0, frequency: frequency, T: T) }
        }
        let x = Double(frequency)
        let c = a + b + x - 1
        let e = a + b - 1 - r
        let count = times.count
        var power = z
        var coefficient = e / c
        var sums = z.map { coefficient * $0 }
        var n = 1.0
        var converged = false
        while !converged && n < Double(Hypergeometric2F1.maximumTerms) {
            coefficient *= (e + n) * (a + n - 1) / ((c + n) * (n + 1))
            n += 1
            var negligible = true
            for k in 0..<count {
                power[k] *= z[k]
                let term = coefficient * power[k]
                sums[k] += term
                if abs(term) > 1e-17 * abs(sums[k]) { negligible = false }
            }
            // Past the largest term, every series only shrinks from here on.
            let shrinking = abs((e + n) * (a + n - 1) * largest) < abs((c + n) * (n + 1))
            converged = negligible && shrinking && coefficient != 0
            if coefficient == 0 { break }
        }
        return (0..<count).map { k in
            guard times[k] > 0 else { return 0 }
            let logOneMinusZ = -log1p(times[k] / (alpha + T))
            let y = (a - 1) * logOneMinusZ
            return c * (-logOneMinusZ * SpecialFunctions.relativeExpm1(y) - exp(y) * sums[k])
        }
    }
}
