import Foundation

/// L2-penalised logistic regression fitted by Newton's method (iteratively
/// reweighted least squares), each step solved with a Cholesky factor.
///
/// With rows xᵢ (features already standardised, ``FeatureScaling``), labels
/// yᵢ ∈ {0, 1}, ηᵢ = β₀ + xᵢ·β and pᵢ = 1 / (1 + e^−ηᵢ), it minimises
///
///     f(β₀, β) = − Σᵢ [yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)] + (λ / 2) Σⱼ βⱼ²
///
/// — the summed (not averaged) negative log-likelihood plus λ/2 times the
/// squared norm of the coefficients, the intercept β₀ unpenalised. This is
/// scikit-learn's `LogisticRegression(penalty="l2", C=1/λ)` with its default
/// unpenalised intercept (lbfgs, newton-cg, newton-cholesky solvers);
/// λ = 0 is plain maximum likelihood.
///
/// Newton: gradient g = Xᵀ(p − y) + λβ, Hessian H = Xᵀ W X + λ I (W = diag
/// pᵢ(1 − pᵢ); no λ on the intercept), step H⁻¹g, halved while it does not
/// decrease f enough (Armijo). The Hessian is computed again only when a
/// step had to be halved or the gradient shrank less than fourfold (each
/// Hessian costs p + 1 times a gradient). On more than `hessianRows` rows the
/// Hessian is estimated from every k-th row, scaled up, while the gradient
/// and objective always sum every row: the steps are a little less than
/// Newton's, the optimum is the same. It starts from β = 0 and β₀ = the
/// log-odds of the base rate and stops when no coefficient moves by more
/// than `tolerance` × (1 + its size).
///
/// Rows are summed in fixed blocks of 4,096 spread over the cores and the
/// blocks' sums added in order, so a fit gives the same bits whatever the
/// number of cores.
public enum LogisticRegression {
    public struct Options: Sendable, Hashable {
        public var maxIterations: Int
        public var tolerance: Double
        /// Rows the Hessian is estimated from: above this, every k-th row, scaled up.
        public var hessianRows: Int

        public init(maxIterations: Int = 100, tolerance: Double = 1e-10, hessianRows: Int = 65_536) {
            self.maxIterations = maxIterations
            self.tolerance = tolerance
            self.hessianRows = hessianRows
        }
    }

    /// Fits `labels` on the standardised `features` with penalty λ = `penalty`.
    ///
    /// - Throws: `.emptyInput` without rows; `.insufficientData` when every
    ///   label is the same (no model separates one class), or when the features
    ///   are collinear and λ = 0 (the Hessian is singular); `.mismatchedInput`
    ///   for a label count other than the row count or a negative penalty;
    ///   `.nonFiniteResult` for a feature that is not a finite number.
    /// `start` (intercept first, standardised scale) replaces the base-rate
    /// start, e.g. with an earlier fit on similar rows: fewer iterations, the same optimum.
    public static func fit(
        _ features: FeatureMatrix, labels: [Bool], penalty: Double, options: Options = Options(), start: [Double]? = nil
    ) throws -> LogisticFit {
        let n = features.rows, p = features.columns
        guard labels.count == n else {
            throw AnalyticsError(.mismatchedInput, "\(labels.count) labels for \(n) rows")
        }
        guard penalty >= 0, penalty.isFinite else {
            throw AnalyticsError(.mismatchedInput, "the penalty must be 0 or more, not \(penalty)")
        }
        guard n > 0 else { throw AnalyticsError(.emptyInput, "no rows to fit") }
        guard features.values.allSatisfy(\.isFinite) else {
            throw AnalyticsError(.nonFiniteResult, "a feature value is not a finite number")
        }
        let positives = labels.lazy.filter { $0 }.count
        guard positives > 0, positives < n else {
            throw AnalyticsError(
                .insufficientData, "all \(n) labels are \(positives > 0 ? "positive" : "negative"): nothing to tell apart")
        }
        let y = labels.map { $0 ? 1.0 : 0.0 }
        let problem = Problem(
            x: features.values, y: y, rows: n, columns: p, penalty: penalty,
            hessianStride: max(1, (n + options.hessianRows - 1) / max(1, options.hessianRows)))

        let rate = Double(positives) / Double(n)
        var beta = [Double](repeating: 0, count: p + 1)
        beta[0] = log(rate / (1 - rate))
        if let start {
            guard start.count == p + 1, start.allSatisfy(\.isFinite) else {
                throw AnalyticsError(.mismatchedInput, "a start needs \(p + 1) finite values (intercept first)")
            }
            beta = start
        }
        var current = problem.evaluate(beta, hessian: true)
        var factor: CholeskyFactor?
        var iterations = 0
        var converged = false
        var refresh = true
        while iterations < options.maxIterations {
            iterations += 1
            if refresh {
                if current.hessian.isEmpty { current = problem.evaluate(beta, hessian: true) }
                guard let made = CholeskyFactor(symmetric: current.hessian, order: p + 1) else {
                    throw AnalyticsError(
                        .insufficientData, "the features are collinear: the Hessian is singular (use a penalty above 0)")
                }
                factor = made
            }
            let step = factor!.solve(current.gradient)
            let decrement = zip(step, current.gradient).reduce(0) { $0 + $1.0 * $1.1 }
            var t = 1.0
            var trial = beta
            var next = current
            while true {
                for j in beta.indices { trial[j] = beta[j] - t * step[j] }
                next = problem.evaluate(trial, hessian: false)
                if next.objective <= current.objective - 1e-4 * t * decrement || t < 1e-10 { break }
                t /= 2
            }
            let moved = zip(trial, beta).map { abs($0 - $1) / (1 + abs($0)) }.max() ?? 0
            beta = trial
            let previousGradient = current.gradient.map(abs).max() ?? 0
            current = next
            if moved <= options.tolerance || decrement <= 1e-24 {
                converged = true
                break
            }
            if t < 1e-10 { break }
            // The Hessian changes little near the optimum: its factor is kept
            // while full steps still shrink the gradient fast (each kept step
            // costs a pass over the rows instead of a Hessian's p + 1 passes).
            let gradient = current.gradient.map(abs).max() ?? 0
            refresh = t < 1 || gradient > 0.25 * previousGradient
        }
        let penaltyTerm = penalty / 2 * beta.dropFirst().reduce(0) { $0 + $1 * $1 }
        return LogisticFit(
            names: features.names, intercept: beta[0], coefficients: Array(beta.dropFirst()), penalty: penalty,
            logLikelihood: -(current.objective - penaltyTerm), objective: current.objective,
            gradientNorm: current.gradient.map(abs).max() ?? 0, iterations: iterations, converged: converged,
            rows: n, positives: positives)
    }

    /// The data of one fit and the sums over its rows.
    private struct Problem {
        let x: [Double]
        let y: [Double]
        let rows: Int
        let columns: Int
        let penalty: Double
        /// The Hessian sums rows 0, k, 2k … (k = this) and scales the sum by rows / their count.
        let hessianStride: Int
        static let blockRows = 4096

        struct Evaluation {
            var objective: Double
            var gradient: [Double]
            /// Upper triangle (and diagonal) of the (p + 1) × (p + 1) Hessian, row-major; empty when not asked for.
            var hessian: [Double]
        }

        /// f, its gradient and (when asked) its Hessian at β (intercept first).
        func evaluate(_ beta: [Double], hessian wantHessian: Bool) -> Evaluation {
            let q = columns + 1
            let blocks = (rows + Self.blockRows - 1) / Self.blockRows
            // Per block: the loss, the gradient (q) and, when asked, the Hessian (q × q).
            let stride = 1 + q + (wantHessian ? q * q : 0)
            var partial = [Double](repeating: 0, count: blocks * stride)
            partial.withUnsafeMutableBufferPointer { out in
                let shared = SharedBuffer(out)
                x.withUnsafeBufferPointer { x in
                    y.withUnsafeBufferPointer { y in
                        beta.withUnsafeBufferPointer { beta in
                            let inputs = BlockInputs(x: x, y: y, beta: beta)
                            DispatchQueue.concurrentPerform(iterations: blocks) { block in
                                let start = block * Self.blockRows
                                let end = min(rows, start + Self.blockRows)
                                accumulate(
                                    inputs, rows: start..<end, q: q, hessian: wantHessian, stride: hessianStride,
                                    into: shared.buffer.baseAddress! + block * stride)
                            }
                        }
                    }
                }
            }
            var objective = 0.0
            var gradient = [Double](repeating: 0, count: q)
            var hessian = [Double](repeating: 0, count: wantHessian ? q * q : 0)
            for block in 0..<blocks {
                let base = block * stride
                objective += partial[base]
                for j in 0..<q { gradient[j] += partial[base + 1 + j] }
                if wantHessian {
                    for k in 0..<(q * q) { hessian[k] += partial[base + 1 + q + k] }
                }
            }
            if wantHessian && hessianStride > 1 {
                let sampled = (rows + hessianStride - 1) / hessianStride
                let scale = Double(rows) / Double(sampled)
                for k in hessian.indices { hessian[k] *= scale }
            }
            for j in 1..<q {
                objective += penalty / 2 * beta[j] * beta[j]
                gradient[j] += penalty * beta[j]
                if wantHessian { hessian[j * q + j] += penalty }
            }
            return Evaluation(objective: objective, gradient: gradient, hessian: hessian)
        }

        /// Sums one block of rows into `out`: loss, gradient, Hessian's upper triangle.
        ///
        /// Rows go four at a time so that four dot products (and four updates
        /// of each gradient term) are in flight at once; every sum still adds
        /// its terms in row order, so the result is the same, bit for bit, as
        /// one row at a time. The Hessian rows wait in fours for the same reason.
        private func accumulate(
            _ inputs: BlockInputs, rows range: Range<Int>, q: Int, hessian: Bool, stride: Int,
            into out: UnsafeMutablePointer<Double>
        ) {
            let p = q - 1
            let gradient = out + 1
            let beta = inputs.beta.baseAddress!
            // Without features the matrix is empty (and may have no address); it is then never read.
            let x = inputs.x.baseAddress ?? beta
            let y = inputs.y.baseAddress!
            var pending = HessianRows(q: q, into: out + 1 + q)
            defer { pending.release() }

            /// Loss and residual of one row from its linear predictor.
            @inline(__always) func add(_ eta: Double, _ i: Int) -> Double {
                // log(1 + e^η) without overflow, and p = σ(η), from one exponential.
                let e = exp(-abs(eta))
                let softplus = max(eta, 0) + log1p(e)
                let probability = eta >= 0 ? 1 / (1 + e) : e / (1 + e)
                out[0] += softplus - y[i] * eta
                if hessian && i % stride == 0 { pending.add(x + i * p, weight: probability * (1 - probability)) }
                return probability - y[i]
            }

            var i = range.lowerBound
            while i + 4 <= range.upperBound {
                let x0 = x + i * p, x1 = x0 + p, x2 = x1 + p, x3 = x2 + p
                var e0 = beta[0], e1 = beta[0], e2 = beta[0], e3 = beta[0]
                for j in 0..<p {
                    let b = beta[j + 1]
                    e0 += x0[j] * b
                    e1 += x1[j] * b
                    e2 += x2[j] * b
                    e3 += x3[j] * b
                }
                let r0 = add(e0, i), r1 = add(e1, i + 1), r2 = add(e2, i + 2), r3 = add(e3, i + 3)
                gradient[0] += r0
                gradient[0] += r1
                gradient[0] += r2
                gradient[0] += r3
                for j in 0..<p {
                    var g = gradient[j + 1]
                    g += r0 * x0[j]
                    g += r1 * x1[j]
                    g += r2 * x2[j]
                    g += r3 * x3[j]
                    gradient[j + 1] = g
                }
                i += 4
            }
            while i < range.upperBound {
                let xi = x + i * p
                var eta = beta[0]
                for j in 0..<p { eta += xi[j] * beta[j + 1] }
                let r = add(eta, i)
                gradient[0] += r
                for j in 0..<p { gradient[j + 1] += r * xi[j] }
                i += 1
            }
            pending.flush()
        }
    }

    /// Rows waiting to enter the Hessian's upper triangle, added four at a
    /// time (each entry gets its four terms in row order: the same sum as row
    /// by row, with a quarter of the loads and stores of the triangle).
    private struct HessianRows {
        let q: Int
        let h: UnsafeMutablePointer<Double>
        /// Four rows of q values (1, then the features).
        let rows: UnsafeMutablePointer<Double>
        var weights: (Double, Double, Double, Double) = (0, 0, 0, 0)
        var count = 0

        init(q: Int, into h: UnsafeMutablePointer<Double>) {
            self.q = q
            self.h = h
            rows = .allocate(capacity: 4 * q)
        }

        func release() { rows.deallocate() }

        mutating func add(_ features: UnsafePointer<Double>, weight: Double) {
            let row = rows + count * q
            row[0] = 1
            for j in 0..<(q - 1) { row[j + 1] = features[j] }
            switch count {
            case 0: weights.0 = weight
            case 1: weights.1 = weight
            case 2: weights.2 = weight
            default: weights.3 = weight
            }
            count += 1
            if count == 4 { flush() }
        }

        mutating func flush() {
            if count == 4 {
                let r0 = rows, r1 = rows + q, r2 = rows + 2 * q, r3 = rows + 3 * q
                for a in 0..<q {
                    let w0 = weights.0 * r0[a], w1 = weights.1 * r1[a], w2 = weights.2 * r2[a], w3 = weights.3 * r3[a]
                    let hRow = h + a * q
                    for b in a..<q {
                        var v = hRow[b]
                        v += w0 * r0[b]
                        v += w1 * r1[b]
                        v += w2 * r2[b]
                        v += w3 * r3[b]
                        hRow[b] = v
                    }
                }
            } else {
                let ws = [weights.0, weights.1, weights.2]
                for k in 0..<count {
                    let row = rows + k * q
                    for a in 0..<q {
                        let wa = ws[k] * row[a]
                        let hRow = h + a * q
                        for b in a..<q { hRow[b] += wa * row[b] }
                    }
                }
            }
            count = 0
        }
    }

    private struct BlockInputs: @unchecked Sendable {
        let x: UnsafeBufferPointer<Double>
        let y: UnsafeBufferPointer<Double>
        let beta: UnsafeBufferPointer<Double>
    }

    /// Each block writes only its own slice; concurrentPerform returns when all are done.
    private struct SharedBuffer: @unchecked Sendable {
        let buffer: UnsafeMutableBufferPointer<Double>
        init(_ buffer: UnsafeMutableBufferPointer<Double>) { self.buffer = buffer }
    }
}
