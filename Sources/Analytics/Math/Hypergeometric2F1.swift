import Foundation

/// The Gaussian hypergeometric function ₂F₁(a, b; c; z) for real arguments and z ≤ 1
/// (any z when a or b is a non-positive integer and the series is a polynomial).
///
/// BG/NBD needs it on z ∈ [0, 1) (paper eq. 9 and 10, z = t / (α + T + t)), where
/// the power series converges but slowly as z → 1. Strategy:
/// - z ≤ 0.9: the power series (A&S 15.1.1) until a term no longer moves the sum;
/// - 0.9 < z < 1: the linear transformation to 1 − z (A&S 15.3.6), whose series
///   converge fast; when c − a − b is (nearly) an integer the transformation's
///   gamma factors have poles, and the power series is summed directly instead
///   (up to `maximumTerms`);
/// - z < 0: Pfaff's transformation (A&S 15.3.5) maps z to z / (z − 1) ∈ (0, 1);
/// - z = 1: Gauss's theorem (A&S 15.1.20) when c − a − b > 0.
/// Returns NaN when the value does not exist (z > 1, c a non-positive integer, a
/// divergent z = 1) or the series did not converge.
public enum Hypergeometric2F1 {
    /// Upper bound on the number of power-series terms.
    public static let maximumTerms = 2_000_000

    /// ₂F₁(a, b; c; z), or NaN where it does not exist or could not be summed.
    public static func value(a: Double, b: Double, c: Double, z: Double) -> Double {
        guard a.isFinite, b.isFinite, c.isFinite, z.isFinite else { return .nan }
        if z == 0 || a == 0 || b == 0 { return 1 }
        if SpecialFunctions.isNonPositiveInteger(a) || SpecialFunctions.isNonPositiveInteger(b) {
            // A polynomial: the series terminates, any z is fine.
            return powerSeries(a: a, b: b, c: c, z: z) ?? .nan
        }
        guard z <= 1 else { return .nan }
        if SpecialFunctions.isNonPositiveInteger(c) { return .nan }
        if z < 0 {
            // Pfaff: ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z / (z − 1)).
            let w = z / (z - 1)
            return Foundation.pow(1 - z, -a) * value(a: a, b: c - b, c: c, z: w)
        }
        if z == 1 { return gaussSum(a: a, b: b, c: c) }
        if z <= 0.9 { return powerSeries(a: a, b: b, c: c, z: z) ?? .nan }
        let d = c - a - b
        if abs(d - d.rounded()) > 1e-5 {
            return oneMinusZTransformation(a: a, b: b, c: c, z: z)
        }
        return powerSeries(a: a, b: b, c: c, z: z) ?? .nan
    }

    /// The power series Σ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ, or `nil` if it did not converge.
    static func powerSeries(a: Double, b: Double, c: Double, z: Double) -> Double? {
        var term = 1.0
        var sum = 1.0
        var quietTerms = 0
        for n in 0..<maximumTerms {
            let k = Double(n)
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
            if term == 0 { return sum }
            sum += term
            // Stop after two successive terms below the last bit of the sum, once the
            // ratio (a + n)(b + n) / ((c + n)(n + 1)) z is below 1, so terms only shrink.
            if abs(term) <= 1e-17 * abs(sum) && abs((a + k + 1) * (b + k + 1) * z) < abs((c + k + 1) * (k + 2)) {
                quietTerms += 1
                if quietTerms == 2 { return sum.isFinite ? sum : nil }
            } else {
                quietTerms = 0
            }
            if !sum.isFinite { return nil }
        }
        return nil
    }

    /// A&S 15.3.6, for c − a − b not an integer:
    /// ₂F₁(a,b;c;z) = Γ(c)Γ(d)/(Γ(c−a)Γ(c−b)) ₂F₁(a, b; 1 − d; 1 − z)
    ///             + (1 − z)^d Γ(c)Γ(−d)/(Γ(a)Γ(b)) ₂F₁(c − a, c − b; 1 + d; 1 − z),  d = c − a − b.
    static func oneMinusZTransformation(a: Double, b: Double, c: Double, z: Double) -> Double {
        let d = c - a - b
        let w = 1 - z
        let first =
            gammaRatio(numerators: [c, d], denominators: [c - a, c - b])
            * (powerSeries(a: a, b: b, c: 1 - d, z: w) ?? .nan)
        let second =
            gammaRatio(numerators: [c, -d], denominators: [a, b])
            * Foundation.pow(w, d) * (powerSeries(a: c - a, b: c - b, c: 1 + d, z: w) ?? .nan)
        return first + second
    }

    /// Gauss's theorem: ₂F₁(a, b; c; 1) = Γ(c)Γ(c − a − b) / (Γ(c − a)Γ(c − b)) for c − a − b > 0.
    static func gaussSum(a: Double, b: Double, c: Double) -> Double {
        let d = c - a - b
        guard d > 0 else { return .nan }
        return gammaRatio(numerators: [c, d], denominators: [c - a, c - b])
    }

    /// ∏Γ(numerators) / ∏Γ(denominators) through logarithms, so large arguments do not
    /// overflow; a pole in a denominator makes the ratio 0.
    static func gammaRatio(numerators: [Double], denominators: [Double]) -> Double {
        if denominators.contains(where: SpecialFunctions.isNonPositiveInteger) { return 0 }
        var logValue = 0.0
        var sign = 1.0
        for x in numerators {
            let g = SpecialFunctions.signedLogGamma(x)
            logValue += g.log
            sign *= g.sign
        }
        for x in denominators {
            let g = SpecialFunctions.signedLogGamma(x)
            logValue -= g.log
            sign *= g.sign
        }
        return sign * Foundation.exp(logValue)
    }
}
