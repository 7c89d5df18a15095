import Foundation

/// Maximum-likelihood estimation of the Pareto/NBD model.
///
/// The same procedure as ``BGNBDModel``: times rescaled by 1 / max(T) while fitting
/// (α and β are scaled back), log-parameters, customers grouped into distinct
/// (x, tₓ, T) rows, analytic gradient, Nelder–Mead from three starts polished by
/// BFGS, and on many distinct rows the search on a subsample finished on all rows.
///
/// The objective is −(Σ ln L)/N + penalizer · (r² + α² + s² + β²) on the rescaled
/// time axis, the penalty on the **mean** per-customer log-likelihood as for the other
/// purchase models. lifetimes 0.11.3 `ParetoNBDFitter` puts `penalizer_coef · Σ θ²` on
/// the **total** −Σ ln L instead (it divides by the mean weight, not their sum), so its
/// `penalizer_coef` c is this `penalizer` c / N.
public enum ParetoNBDModel {
    /// Fits the model to `summary`.
    ///
    /// - Parameter penalizer: L2 penalty coefficient on the mean log-likelihood; 0 for plain MLE.
    /// - Throws: ``AnalyticsError`` as ``BGNBDModel/fit(_:penalizer:)`` does.
    public static func fit(_ summary: RFMSummary, penalizer: Double = 0) throws -> ParetoNBDFit {
        try fit(summary, penalizer: penalizer, explorationRows: MultiStartMinimizer.explorationRows)
    }

    static func fit(_ summary: RFMSummary, penalizer: Double, explorationRows: Int) throws -> ParetoNBDFit {
        let name = PurchaseModelKind.paretonbd.displayName
        let (rows, scale) = try summary.checkedForFit(model: name, penalizer: penalizer)
        let likelihood = ParetoNBDLikelihood(rows: rows, timeScale: scale)
        try RFMSummary.checkIdentifiable(distinctRows: likelihood.distinctRows, customers: rows.count, penalizer: penalizer)

        func objective(_ likelihood: ParetoNBDLikelihood) -> Objective {
            let n = likelihood.customers
            var objective = Objective(dimension: 4) { theta in
                let p = theta.map(exp)
                let (ll, g) = likelihood.logLikelihood(r: p[0], alpha: p[1], s: p[2], beta: p[3])
                let penalty = penalizer * p.reduce(0) { $0 + $1 * $1 }
                let gradient = (0..<4).map { p[$0] * (-g[$0] / n + 2 * penalizer * p[$0]) }
                return (-ll / n + penalty, gradient)
            }
            objective.valueOnly = { theta in
                let p = theta.map(exp)
                let ll = likelihood.logLikelihoodValue(r: p[0], alpha: p[1], s: p[2], beta: p[3])
                return -ll / n + penalizer * p.reduce(0) { $0 + $1 * $1 }
            }
            return objective
        }
        let starts: [[Double]] = [
            [0, 0, 0, 0],  // lifetimes' start, (1, 1, 1, 1) on the rescaled axis
            [log(0.5), log(0.3), log(0.5), log(0.3)],
            [log(2), log(1), log(2), log(3)],
        ]
        let exploration = likelihood.subsample(maxRows: explorationRows).map(objective)
        let result = MultiStartMinimizer(starts: starts).minimize(objective(likelihood), exploringWith: exploration)
        let p = result.point.map(exp)
        let parameters = ParetoNBDParameters(r: p[0], alpha: p[1] / scale, s: p[2], beta: p[3] / scale, unit: summary.unit)
        guard parameters.isFinitePositive, result.value.isFinite else {
            throw AnalyticsError(.nonFiniteResult, "the \(name) fit ended at non-finite parameters \(p)")
        }
        let scaledLL = likelihood.logLikelihood(r: p[0], alpha: p[1], s: p[2], beta: p[3]).value
        let logLikelihood = scaledLL + likelihood.totalRepeatPurchases * log(scale)
        let interior = result.point.allSatisfy { abs($0) < 25 }
        return PurchaseModelFit(
            parameters: parameters, logLikelihood: logLikelihood, objective: result.value,
            penalizer: penalizer, iterations: result.iterations, functionEvaluations: result.evaluations,
            converged: result.converged && interior, gradientNorm: result.gradientNorm,
            customers: rows.count, distinctRows: likelihood.distinctRows)
    }
}
