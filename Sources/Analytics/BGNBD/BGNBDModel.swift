import Foundation

/// Maximum-likelihood estimation of the BG/NBD model.
///
/// Follows lifetimes 0.11.3 `BetaGeoFitter` so results can be compared:
/// - times are rescaled by 1 / max(T) while fitting (α is scaled back afterwards),
///   which puts α near 1 whatever the unit;
/// - the objective is the mean negative log-likelihood plus
///   `penalizer · (r² + α_scaled² + a² + b²)` — the L2 penalty applies to the
///   parameters on the rescaled time axis, as in lifetimes' `penalizer_coef`;
/// - parameters are optimised on the log scale, so they stay positive.
/// Customers with identical (frequency, recency, T) are grouped and weighted, so the
/// cost of a likelihood evaluation grows with distinct rows, not customers. With many
/// distinct rows, the multi-start search runs on an evenly spaced subsample of them and
/// only the final quasi-Newton steps evaluate the full likelihood.
public enum BGNBDModel {
    /// Fits the model to `summary`.
    ///
    /// - Parameter penalizer: L2 penalty coefficient (lifetimes' `penalizer_coef`); 0 for plain MLE.
    /// - Throws: ``AnalyticsError`` — `.emptyInput` without rows, `.invalidRow` for a row
    ///   breaking the RFM conventions, `.insufficientData` without any repeat purchase,
    ///   without observation time, or (unpenalised) when every customer has the same
    ///   history, `.nonFiniteResult` if the optimiser ends outside the model's domain.
    public static func fit(_ summary: RFMSummary, penalizer: Double = 0) throws -> BGNBDFit {
        try fit(summary, penalizer: penalizer, explorationRows: MultiStartMinimizer.explorationRows)
    }

    static func fit(_ summary: RFMSummary, penalizer: Double, explorationRows: Int) throws -> BGNBDFit {
        try fitBetaGeometric(summary, penalizer: penalizer, explorationRows: explorationRows)
    }

    /// The fit both beta-geometric models share (their likelihoods differ only in
    /// ``BGNBDLikelihood/modified``); `P` decides which one.
    static func fitBetaGeometric<P: BetaGeometricModel>(
        _ summary: RFMSummary, penalizer: Double, explorationRows: Int
    ) throws -> PurchaseModelFit<P> {
        let name = P.modelKind.displayName
        let (rows, scale) = try summary.checkedForFit(model: name, penalizer: penalizer)
        let likelihood = BGNBDLikelihood(rows: rows, timeScale: scale, modified: P.modelKind == .mbgnbd)
        try RFMSummary.checkIdentifiable(distinctRows: likelihood.distinctRows, customers: rows.count, penalizer: penalizer)

        func objective(_ likelihood: BGNBDLikelihood) -> Objective {
            let n = likelihood.customers
            return Objective(dimension: 4) { theta in
                let p = theta.map(exp)
                let (ll, g) = likelihood.logLikelihood(r: p[0], alpha: p[1], a: p[2], b: p[3])
                let penalty = penalizer * p.reduce(0) { $0 + $1 * $1 }
                // d/dθ = p · d/dp on the log scale.
                let gradient = (0..<4).map { p[$0] * (-g[$0] / n + 2 * penalizer * p[$0]) }
                return (-ll / n + penalty, gradient)
            }
        }
        let starts: [[Double]] = [
            [0.1, 0.1, 0.1, 0.1],  // lifetimes' default start
            [log(0.5), log(0.2), log(0.8), log(2.5)],
            [log(2), log(1), log(0.3), log(8)],
        ]
        // Large inputs: search on a subsample of distinct rows, finish on all of them.
        let exploration = likelihood.subsample(maxRows: explorationRows).map(objective)
        let result = MultiStartMinimizer(starts: starts).minimize(objective(likelihood), exploringWith: exploration)
        let p = result.point.map(exp)
        let parameters = P(r: p[0], alpha: p[1] / scale, a: p[2], b: p[3], unit: summary.unit)
        guard parameters.isFinitePositive, result.value.isFinite else {
            throw AnalyticsError(.nonFiniteResult, "the \(name) fit ended at non-finite parameters \(p)")
        }
        // Back to the original time axis: L scales by s^(−x) (the density of x purchase times).
        let scaledLL = likelihood.logLikelihood(r: p[0], alpha: p[1], a: p[2], b: p[3]).value
        let logLikelihood = scaledLL + likelihood.totalRepeatPurchases * log(scale)
        let interior = result.point.allSatisfy { abs($0) < 25 }
        return PurchaseModelFit(
            parameters: parameters, logLikelihood: logLikelihood, objective: result.value,
            penalizer: penalizer, iterations: result.iterations, functionEvaluations: result.evaluations,
            converged: result.converged && interior, gradientNorm: result.gradientNorm,
            customers: rows.count, distinctRows: likelihood.distinctRows)
    }
}

/// BG/NBD and MBG/NBD: the same four parameters, likelihoods that differ only in
/// where dropout can happen, and one fitting procedure.
protocol BetaGeometricModel: PurchaseModel {
    init(r: Double, alpha: Double, a: Double, b: Double, unit: TimeUnit)
    static var modelKind: PurchaseModelKind { get }
    var isFinitePositive: Bool { get }
}

extension BGNBDParameters: BetaGeometricModel {
    static var modelKind: PurchaseModelKind { .bgnbd }
}
