import Foundation

/// Maximum-likelihood estimation of the Gamma-Gamma spend model, following lifetimes
/// 0.11.3 `GammaGammaFitter` (log-parameters, mean negative log-likelihood plus
/// `penalizer · (p² + q² + γ²)`; monetary values are not rescaled).
public enum GammaGammaModel {
    /// Fits the model on the repeat buyers of `rows` (frequency ≥ 1); customers without
    /// repeat purchases carry no spend information and are skipped, as are repeat buyers
    /// with a zero mean value (counted in ``GammaGammaFit/excludedCustomers``).
    ///
    /// - Throws: ``AnalyticsError`` — `.emptyInput` without rows, `.invalidRow` for a row
    ///   breaking the RFM conventions, `.insufficientData` without any repeat buyer with
    ///   spend, or (unpenalised) when they all share one (frequency, monetary) pair.
    public static func fit(_ rows: [RFMSummaryRow], penalizer: Double = 0) throws -> GammaGammaFit {
        try fit(rows, penalizer: penalizer, explorationRows: MultiStartMinimizer.explorationRows)
    }

    static func fit(_ rows: [RFMSummaryRow], penalizer: Double, explorationRows: Int) throws -> GammaGammaFit {
        guard !rows.isEmpty else {
            throw AnalyticsError(.emptyInput, "no customers to fit the Gamma-Gamma model on")
        }
        guard penalizer >= 0, penalizer.isFinite else {
            throw AnalyticsError(.mismatchedInput, "penalizer \(penalizer) must be a non-negative number")
        }
        for i in rows.indices { try rows[i].validate() }
        let likelihood = GammaGammaLikelihood(rows: rows)
        guard likelihood.customers > 0 else {
            throw AnalyticsError(
                .insufficientData,
                "no repeat buyer with a positive mean repeat-purchase value: spend cannot be modelled")
        }
        if penalizer == 0 && likelihood.distinctRows < 2 {
            throw AnalyticsError(
                .insufficientData,
                "all \(Int(likelihood.customers)) repeat buyers have the same frequency and monetary value; the model is not identifiable"
                    + " (use a penalizer or more customers)")
        }
        func objective(_ likelihood: GammaGammaLikelihood) -> Objective {
            let n = likelihood.customers
            return Objective(dimension: 3) { theta in
                let p = theta.map(exp)
                let (ll, g) = likelihood.logLikelihood(p: p[0], q: p[1], v: p[2])
                let penalty = penalizer * p.reduce(0) { $0 + $1 * $1 }
                let gradient = (0..<3).map { p[$0] * (-g[$0] / n + 2 * penalizer * p[$0]) }
                return (-ll / n + penalty, gradient)
            }
        }
        // γ is in money units: start it from the observed mean spend so the search begins
        // near the right scale (mean value ≈ p γ / (q − 1)).
        let meanSpend = likelihood.meanMonetary
        let starts: [[Double]] = [
            [0.1, 0.1, 0.1],  // lifetimes' default start
            [log(2), log(3), log(meanSpend)],
            [log(5), log(4), log(meanSpend * 0.6)],
        ]
        // Large inputs: search on a subsample of distinct rows, finish on all of them.
        let exploration = likelihood.subsample(maxRows: explorationRows).map(objective)
        let result = MultiStartMinimizer(starts: starts).minimize(objective(likelihood), exploringWith: exploration)
        let p = result.point.map(exp)
        let parameters = GammaGammaParameters(p: p[0], q: p[1], v: p[2])
        guard parameters.isFinitePositive, result.value.isFinite else {
            throw AnalyticsError(.nonFiniteResult, "the Gamma-Gamma fit ended at non-finite parameters \(p)")
        }
        let interior = result.point.allSatisfy { abs($0) < 25 }
        return GammaGammaFit(
            parameters: parameters,
            logLikelihood: likelihood.logLikelihood(p: p[0], q: p[1], v: p[2]).value,
            objective: result.value, penalizer: penalizer, iterations: result.iterations,
            functionEvaluations: result.evaluations, converged: result.converged && interior,
            gradientNorm: result.gradientNorm, customers: Int(likelihood.customers),
            excludedCustomers: likelihood.excludedCustomers, distinctRows: likelihood.distinctRows,
            frequencyMonetaryCorrelation: likelihood.frequencyMonetaryCorrelation)
    }
}
