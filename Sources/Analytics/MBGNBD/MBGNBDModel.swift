/// Maximum-likelihood estimation of the MBG/NBD model, the same way as ``BGNBDModel``
/// (lifetimes 0.11.3 `ModifiedBetaGeoFitter`: times rescaled by 1 / max(T), mean
/// negative log-likelihood plus `penalizer · Σ θ²`, log-parameters, grouped rows,
/// multi-start search on a subsample of many distinct rows).
///
/// The log-likelihood (Batislam et al. 2007, eq. 4; lifetimes' form):
///   ln L = ln Γ(r + x) − ln Γ(r) + r ln α + ln B(a, b + x + 1) − ln B(a, b)
///          + ln[(α + T)^−(r+x) + a / (b + x) · (α + tₓ)^−(r+x)],
/// for every customer, one-time buyers included (see ``BGNBDLikelihood``, `modified`).
public enum MBGNBDModel {
    /// Fits the model to `summary`.
    ///
    /// - Parameter penalizer: L2 penalty coefficient (lifetimes' `penalizer_coef`); 0 for plain MLE.
    /// - Throws: ``AnalyticsError`` as ``BGNBDModel/fit(_:penalizer:)`` does.
    public static func fit(_ summary: RFMSummary, penalizer: Double = 0) throws -> MBGNBDFit {
        try fit(summary, penalizer: penalizer, explorationRows: MultiStartMinimizer.explorationRows)
    }

    static func fit(_ summary: RFMSummary, penalizer: Double, explorationRows: Int) throws -> MBGNBDFit {
        try BGNBDModel.fitBetaGeometric(summary, penalizer: penalizer, explorationRows: explorationRows)
    }
}
