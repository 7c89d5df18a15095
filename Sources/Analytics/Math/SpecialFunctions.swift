import Foundation

/// Gamma-family functions the likelihoods and the hypergeometric transformations need.
enum SpecialFunctions {
    /// ln Γ(x) for x > 0 (the only case the likelihoods use).
    @inline(__always)
    static func logGamma(_ x: Double) -> Double {
        Foundation.lgamma(x)
    }

    /// ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x lifts x
    /// to 10 or more, where the asymptotic series (Abramowitz & Stegun 6.3.18) is accurate
    /// to double precision.
    static func digamma(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        while x < 10 {
            result -= 1 / x
            x += 1
        }
        let inv = 1 / x
        let inv2 = inv * inv
        let series =
            inv2
            * (1.0 / 12 - inv2
                * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760))))))
        return result + Foundation.log(x) - 0.5 * inv - series
    }

    /// ln |Γ(x)| and the sign of Γ(x), for any real x that is not a pole.
    static func signedLogGamma(_ x: Double) -> (log: Double, sign: Double) {
        if x > 0 { return (Foundation.lgamma(x), 1) }
        // Γ is negative on (−1, 0), positive on (−2, −1), ...: the sign flips at each pole.
        let poles = Foundation.ceil(-x)
        let sign: Double = poles.truncatingRemainder(dividingBy: 2) == 0 ? 1 : -1
        return (Foundation.lgamma(x), sign)
    }

    /// True when x is 0, −1, −2, ... where Γ has a pole and 1/Γ vanishes.
    static func isNonPositiveInteger(_ x: Double) -> Bool {
        x <= 0 && x == x.rounded()
    }

    /// expm1(y) / y, continuous at y = 0 (where it is 1).
    @inline(__always)
    static func relativeExpm1(_ y: Double) -> Double {
        abs(y) < 1e-10 ? 1 + 0.5 * y : Foundation.expm1(y) / y
    }
}
