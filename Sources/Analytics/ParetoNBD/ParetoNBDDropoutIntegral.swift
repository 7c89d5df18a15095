import Foundation

/// The integral at the heart of the Pareto/NBD likelihood, in log space:
///
///   J(t) = ∫ₜ^∞ (α + τ)^−(r+x) (β + τ)^−(s+1) dτ,
///
/// so that a customer who was last seen at tₓ and is observed until T has
/// L = Γ(r + x) α^r β^s / Γ(r) · [(α + T)^−(r+x) (β + T)^−s + s (J(tₓ) − J(T))]
/// (Fader & Hardie, note 009, eq. 18–22: s J(t) is their (s / (r + s + x)) ·
/// ₂F₁(r + s + x, ·; r + s + x + 1; ·) / (·)^(r+s+x)).
///
/// With k = r + s + x, J(t) = (M + t)^−k / k · ₂F₁(k, b; k + 1; |α − β| / (M + t)),
/// M = max(α, β), b = s + 1 when α ≥ β and r + x when α < β. Euler's
/// transformation (A&S 15.3.3) turns that ₂F₁ into (1 − z)^(1−b) ₂F₁(1, e; k + 1; z)
/// with e = k + 1 − b, whose series G(z) = Σₙ (e)ₙ/(k + 1)ₙ zⁿ has every term
/// ratio (e + n)/(k + 1 + n) z below z: no term exceeds 1, however large x is,
/// and no cancellation. The power factors then combine into
///   α ≥ β:  ln J = −(r + x) ln(α + t) − s ln(β + t) − ln k + ln G,   e = r + x, z = (α − β)/(α + t)
///   α < β:  ln J = −(r + x − 1) ln(α + t) − (s + 1) ln(β + t) − ln k + ln G,   e = s + 1, z = (β − α)/(β + t)
/// and the gradient with respect to (r, α, s, β) comes from the same pass through
/// the series (term by term derivatives in e, k + 1 and z).
enum ParetoNBDDropoutIntegral {
    /// Series terms allowed while fitting. z = |α − β| / (max + t) close to 1 needs up to
    /// about 37 / (1 − z) terms, and a search running off towards α/β of 10⁶ (data without
    /// a sign of dropout) would spend minutes there; beyond this limit the likelihood counts
    /// as undefined and the optimiser turns back. Predictions have no such limit.
    static let fittingTermLimit = 100_000

    /// ln G and its partial derivatives with respect to e, c = k + 1 and z.
    struct Series {
        var logValue: Double
        var dE: Double
        var dC: Double
        var dZ: Double
    }

    /// G(z) = ₂F₁(1, e; c; z) for 0 < e < c, 0 ≤ z < 1, with ∂ ln G / ∂(e, c, z).
    /// NaN when z ≥ 1 or the series would need more than `Hypergeometric2F1.maximumTerms` terms.
    @inline(__always)
    static func series(e: Double, c: Double, z: Double, termLimit: Int = Hypergeometric2F1.maximumTerms) -> Series {
        guard z > 0 else { return Series(logValue: 0, dE: 0, dC: 0, dZ: e / c) }
        guard z < 1 else { return Series(logValue: .nan, dE: .nan, dC: .nan, dZ: .nan) }
        var term = 1.0
        var sum = 1.0
        var sumE = 0.0  // Σ gₙ Hₙ(e), Hₙ(y) = Σⱼ<ₙ 1/(y + j) = ∂ ln (y)ₙ / ∂y
        var sumC = 0.0  // Σ gₙ Hₙ(c)
        var sumN = 0.0  // Σ n gₙ
        var harmonicE = 0.0
        var harmonicC = 0.0
        var n = 0.0
        // Every later term is below the current one times z, so the rest of the
        // series is below term · z / (1 − z).
        let tailFactor = z / (1 - z)
        while true {
            let inverseE = 1 / (e + n)
            let inverseC = 1 / (c + n)
            harmonicE += inverseE
            harmonicC += inverseC
            term *= (e + n) * inverseC * z
            n += 1
            sum += term
            sumE += term * harmonicE
            sumC += term * harmonicC
            sumN += term * n
            if term * (1 + n + harmonicE + harmonicC) * tailFactor <= 1e-16 * sum { break }
            if n >= Double(termLimit) {
                return Series(logValue: .nan, dE: .nan, dC: .nan, dZ: .nan)
            }
        }
        return Series(logValue: log(sum), dE: sumE / sum, dC: -sumC / sum, dZ: sumN / (z * sum))
    }

    /// ln G alone: the same series without the derivative sums, or, close to z = 1, the
    /// connection to 1 − z.
    @inline(__always)
    static func logSeries(e: Double, c: Double, z: Double, termLimit: Int = Hypergeometric2F1.maximumTerms) -> Double {
        guard z > 0 else { return 0 }
        guard z < 1 else { return .nan }
        if z > 0.99, let value = logNearOne(e: e, c: c, z: z) { return value }
        var term = 1.0
        var sum = 1.0
        var n = 0.0
        let tailFactor = z / (1 - z)
        while true {
            term *= (e + n) / (c + n) * z
            n += 1
            sum += term
            if term * tailFactor <= 1e-17 * sum { break }
            if n >= Double(termLimit) { return .nan }
        }
        return log(sum)
    }

    /// ln G by A&S 15.3.6 at a = 1, where one of the two series sums in closed form:
    ///   G(z) = (c − 1)/d · ₂F₁(1, e; 1 − d; 1 − z) + Γ(c) Γ(−d) / Γ(e) · (1 − z)^d z^(1−c),
    /// d = c − 1 − e. Near z = 1 the power series needs ~37/(1 − z) terms (or, when its
    /// terms fall only like n^−(c−e), far more); this one needs a few. nil where it does not
    /// apply well: d within 1e-4 of an integer (the two terms' poles cancel) or e (1 − z)
    /// not small.
    static func logNearOne(e: Double, c: Double, z: Double) -> Double? {
        let d = c - 1 - e
        let w = 1 - z
        guard abs(d - d.rounded()) > 1e-4, e * w < 0.25 else { return nil }
        var term = 1.0
        var sum = 1.0
        var n = 0.0
        while n < 1000 {
            term *= (e + n) / (1 - d + n) * w
            n += 1
            sum += term
            if abs(term) <= 1e-17 * abs(sum) { break }
        }
        let gammaC = SpecialFunctions.signedLogGamma(c)
        let gammaMinusD = SpecialFunctions.signedLogGamma(-d)
        let gammaE = SpecialFunctions.signedLogGamma(e)
        let second =
            gammaC.sign * gammaMinusD.sign * gammaE.sign
            * exp(gammaC.log + gammaMinusD.log - gammaE.log + d * log(w) + (1 - c) * log(z))
        let value = (c - 1) / d * sum + second
        return value > 0 && value.isFinite ? log(value) : nil
    }

    /// ln J(t) and its gradient with respect to (r, α, s, β); `logA` = ln(α + t), `logB` = ln(β + t).
    @inline(__always)
    static func logJWithGradient(
        r: Double, alpha: Double, s: Double, beta: Double, x: Double, t: Double, logA: Double, logB: Double,
        termLimit: Int = Hypergeometric2F1.maximumTerms
    ) -> (value: Double, gradient: SIMD4<Double>) {
        let k = r + s + x
        let aT = alpha + t
        let bT = beta + t
        if alpha >= beta {
            let g = series(e: r + x, c: k + 1, z: (alpha - beta) / aT, termLimit: termLimit)
            let value = -(r + x) * logA - s * logB - log(k) + g.logValue
            let gradient = SIMD4(
                -logA - 1 / k + g.dE + g.dC,
                -(r + x) / aT + g.dZ * bT / (aT * aT),
                -logB - 1 / k + g.dC,
                -s / bT - g.dZ / aT)
            return (value, gradient)
        }
        let g = series(e: s + 1, c: k + 1, z: (beta - alpha) / bT, termLimit: termLimit)
        let value = -(r + x - 1) * logA - (s + 1) * logB - log(k) + g.logValue
        let gradient = SIMD4(
            -logA - 1 / k + g.dC,
            -(r + x - 1) / aT - g.dZ / bT,
            -logB - 1 / k + g.dE + g.dC,
            -(s + 1) / bT + g.dZ * aT / (bT * bT))
        return (value, gradient)
    }

    /// ln J(t) alone.
    @inline(__always)
    static func logJ(
        r: Double, alpha: Double, s: Double, beta: Double, x: Double, t: Double, logA: Double, logB: Double,
        termLimit: Int = Hypergeometric2F1.maximumTerms
    ) -> Double {
        let k = r + s + x
        if alpha >= beta {
            let g = logSeries(e: r + x, c: k + 1, z: (alpha - beta) / (alpha + t), termLimit: termLimit)
            return -(r + x) * logA - s * logB - log(k) + g
        }
        let g = logSeries(e: s + 1, c: k + 1, z: (beta - alpha) / (beta + t), termLimit: termLimit)
        return -(r + x - 1) * logA - (s + 1) * logB - log(k) + g
    }
}

/// ln(F₁ + S), the part of a customer's log-likelihood that depends on tₓ and T, with
/// F₁ = (α + T)^−(r+x) (β + T)^−s (alive at T) and S = s (J(tₓ) − J(T)) (left between
/// tₓ and T), and its gradient. S is taken in log space as ln s + ln J(tₓ) + ln(1 − e^d),
/// d = ln J(T) − ln J(tₓ) ≤ 0, so a customer seen at T (tₓ = T, S = 0) and one seen
/// long ago (J(T) ≪ J(tₓ)) are both exact.
struct ParetoNBDRowTerms {
    /// ln(F₁ + S).
    var value: Double
    /// ln S − ln F₁: the log-odds that the customer has left (−∞ when tₓ = T).
    var logOddsDead: Double
    /// ∂ ln(F₁ + S) / ∂(r, α, s, β), when asked for.
    var gradient: SIMD4<Double>

    /// A value with its gradient with respect to (r, α, s, β).
    struct Term {
        var value: Double
        var gradient: SIMD4<Double>
    }

    /// ln F₁ = −(r + x) ln(α + T) − s ln(β + T) and its gradient.
    @inline(__always)
    static func aliveTerm(r: Double, alpha: Double, s: Double, beta: Double, x: Double, T: Double, logAT: Double, logBT: Double)
        -> Term
    {
        Term(value: -(r + x) * logAT - s * logBT, gradient: SIMD4(-logAT, -(r + x) / (alpha + T), -logBT, -s / (beta + T)))
    }

    /// Combines ln F₁, ln J(tₓ) and ln J(T) (with gradients when `wantsGradient`); `seenAtT`
    /// when tₓ = T, where S = 0 and the J are not needed.
    @inline(__always)
    init(s: Double, alive: Term, jx: Term, jT: Term, seenAtT: Bool, wantsGradient: Bool) {
        guard !seenAtT else {
            value = alive.value
            logOddsDead = -.infinity
            gradient = wantsGradient ? alive.gradient : .zero
            return
        }
        let logF1 = alive.value
        let d = min(jT.value - jx.value, 0)
        let logS = log(s) + jx.value + log(-expm1(d))
        let total = max(logF1, logS) + log1p(exp(-abs(logF1 - logS)))
        value = total
        logOddsDead = logS - logF1
        guard wantsGradient else {
            gradient = .zero
            return
        }
        // d ln(F₁ + S) = w₁ d ln F₁ + (s J(tₓ) d ln J(tₓ) − s J(T) d ln J(T) + S/s ds) / (F₁ + S),
        // written without dividing by 1 − e^d (which vanishes as tₓ → T).
        let w1 = exp(logF1 - total)
        let q = exp(log(s) + jx.value - total)
        let rho = exp(d)
        var g = w1 * alive.gradient + q * (jx.gradient - rho * jT.gradient)
        g[2] += (1 - w1) / s
        gradient = g
    }

    /// One customer's terms, values only.
    init(r: Double, alpha: Double, s: Double, beta: Double, x: Double, recency: Double, T: Double) {
        let logAT = log(alpha + T)
        let logBT = log(beta + T)
        let alive = Self.aliveTerm(r: r, alpha: alpha, s: s, beta: beta, x: x, T: T, logAT: logAT, logBT: logBT)
        guard recency < T else {
            self.init(s: s, alive: alive, jx: alive, jT: alive, seenAtT: true, wantsGradient: false)
            return
        }
        let jx = ParetoNBDDropoutIntegral.logJ(
            r: r, alpha: alpha, s: s, beta: beta, x: x, t: recency, logA: log(alpha + recency), logB: log(beta + recency))
        let jT = ParetoNBDDropoutIntegral.logJ(r: r, alpha: alpha, s: s, beta: beta, x: x, t: T, logA: logAT, logB: logBT)
        self.init(
            s: s, alive: alive, jx: Term(value: jx, gradient: .zero), jT: Term(value: jT, gradient: .zero), seenAtT: false,
            wantsGradient: false)
    }
}
