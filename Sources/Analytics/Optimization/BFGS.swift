/// Broyden–Fletcher–Goldfarb–Shanno quasi-Newton minimisation with an Armijo
/// backtracking line search (Nocedal & Wright, Numerical Optimization, alg. 6.1).
struct BFGS {
    var maxIterations = 200
    /// Converged when every gradient component is below this (the objectives are mean
    /// negative log-likelihoods per customer, so this is a per-customer scale).
    var gradientTolerance = 1e-8

    /// - Parameter inverseHessian: a starting approximation of the inverse Hessian, e.g.
    ///   from a previous minimisation of a similar function; the identity (rescaled after
    ///   the first step) without one.
    func minimize(_ objective: Objective, from start: [Double], inverseHessian: [[Double]]? = nil) -> MinimizationResult
    {
        let n = start.count
        var evaluations = 1
        var x = start
        var (fx, g) = objective.valueAndGradient(x)
        var h = inverseHessian ?? identity(n)
        var iterations = 0
        var firstStep = inverseHessian == nil

        while iterations < maxIterations, fx.isFinite, maxAbs(g) > gradientTolerance {
            iterations += 1
            var direction = multiply(h, g).map { -$0 }
            var slope = dot(direction, g)
            if !(slope < 0) {
                // Lost positive-definiteness: restart from steepest descent.
                h = identity(n)
                direction = g.map { -$0 }
                slope = dot(direction, g)
            }
            // Below this predicted decrease, rounding in f (a sum over many customers)
            // hides any real progress: the point is optimal at the objective's precision.
            if -slope <= 1e-15 * max(1, abs(fx)) { break }
            var stepLength = 1.0
            var accepted: (x: [Double], f: Double, g: [Double])?
            for _ in 0..<30 {
                let candidate = (0..<n).map { x[$0] + stepLength * direction[$0] }
                let (fc, gc) = objective.valueAndGradient(candidate)
                evaluations += 1
                if fc.isFinite && fc <= fx + 1e-4 * stepLength * slope {
                    accepted = (candidate, fc, gc)
                    break
                }
                stepLength *= 0.5
            }
            guard let next = accepted else { break }  // no descent possible at this precision
            let s = (0..<n).map { next.x[$0] - x[$0] }
            let y = (0..<n).map { next.g[$0] - g[$0] }
            let sy = dot(s, y)
            if sy > 1e-300 {
                if firstStep {
                    // Scale the initial inverse Hessian (Nocedal & Wright eq. 6.20).
                    let scale = sy / dot(y, y)
                    h = identity(n).map { $0.map { $0 * scale } }
                    firstStep = false
                }
                h = updated(h, s: s, y: y, sy: sy)
            }
            let improvement = fx - next.f
            (x, fx, g) = (next.x, next.f, next.g)
            if improvement <= 1e-16 * max(1, abs(fx)) && maxAbs(g) <= 1e3 * gradientTolerance { break }
        }
        return MinimizationResult(
            point: x, value: fx, gradient: g, iterations: iterations, evaluations: evaluations,
            converged: fx.isFinite && maxAbs(g) <= 1e3 * gradientTolerance, inverseHessian: h)
    }

    /// H⁺ = (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / yᵀs (Nocedal & Wright eq. 6.17).
    private func updated(_ h: [[Double]], s: [Double], y: [Double], sy: Double) -> [[Double]] {
        let n = s.count
        let rho = 1 / sy
        let hy = multiply(h, y)
        let yhy = dot(y, hy)
        var result = h
        for i in 0..<n {
            for j in 0..<n {
                result[i][j] += -rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
            }
        }
        return result
    }

    private func identity(_ n: Int) -> [[Double]] {
        (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
    }

    private func multiply(_ m: [[Double]], _ v: [Double]) -> [Double] {
        m.map { dot($0, v) }
    }

    private func dot(_ u: [Double], _ v: [Double]) -> Double {
        zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
    }

    private func maxAbs(_ v: [Double]) -> Double {
        v.map(abs).max() ?? 0
    }
}
