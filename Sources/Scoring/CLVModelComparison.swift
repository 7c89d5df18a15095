import Analytics
import Foundation

/// What `crmwh clv fit --compare` reports: every purchase model fitted on the same
/// calibration period, its likelihood and its error on the holdout, and the model chosen.
///
/// The rule (docs/clv.md): among the fits that converged, the model with the smallest
/// RMSE of the holdout purchases by calibration frequency (groups 0 … 7+) is the best;
/// the configured model is kept unless the best one's RMSE is more than 1 % below its
/// own (a difference that small is noise, and switching models changes every P(alive)
/// the marts show).
public struct CLVModelComparison: Sendable, Encodable {
    public var split: CLVHoldoutSplit
    public var holdoutDays: Int
    public var timeZone: String
    public var unit: TimeUnit
    public var penalizer: Double
    /// Customers in the calibration summary.
    public var customers: Int
    public var repeatBuyers: Int
    /// Repeat purchases of those customers in the holdout.
    public var actualHoldoutPurchases: Int
    public var models: [Candidate]
    /// The model the configuration (or --model) names.
    public var configuredModel: PurchaseModelKind
    /// The model the rule picks.
    public var bestModel: PurchaseModelKind
    /// Why: which model won on the holdout RMSE, and whether the configured one was kept.
    public var reason: String
    public var summarySeconds = 0.0

    /// One purchase model's fit and holdout check.
    public struct Candidate: Sendable, Encodable {
        public var model: PurchaseModelKind
        public var name: String
        public var parameters: [String: Double]
        /// The parameters' names in the order the model's paper gives them.
        public var parameterNames: [String]
        public var logLikelihood: Double
        public var parameterCount: Int
        /// 2k − 2 ln L.
        public var aic: Double
        /// k ln N − 2 ln L, N the customers.
        public var bic: Double
        public var converged: Bool
        public var expectedHoldoutPurchases: Double
        /// Expected − actual holdout repeat purchases.
        public var totalError: Double
        /// `totalError` / actual; nil without holdout purchases.
        public var totalRelativeError: Double?
        /// Mean |expected − actual| over the frequency groups.
        public var groupMAE: Double
        /// Root mean (expected − actual)² over the frequency groups.
        public var groupRMSE: Double
        public var groups: [CLVFitReport.HoldoutReport.Group]
        public var fitSeconds: Double

        init(fit: CLVPurchaseFit, comparison: HoldoutComparison, customers: Int, fitSeconds: Double) {
            let parameters = fit.parameters
            let k = parameters.namedParameters.count
            model = fit.kind
            name = fit.kind.displayName
            self.parameters = Dictionary(uniqueKeysWithValues: parameters.namedParameters.map { ($0.name, $0.value) })
            parameterNames = parameters.namedParameters.map(\.name)
            logLikelihood = fit.logLikelihood
            parameterCount = k
            aic = 2 * Double(k) - 2 * fit.logLikelihood
            bic = Double(k) * log(Double(max(customers, 1))) - 2 * fit.logLikelihood
            converged = fit.converged
            expectedHoldoutPurchases = comparison.expectedPurchases
            totalError = comparison.totalError
            totalRelativeError = comparison.totalRelativeError
            groupMAE = comparison.groupMeanAbsoluteError
            groupRMSE = comparison.groupRootMeanSquareError
            groups = comparison.groups.map {
                .init(
                    frequency: $0.label, customers: $0.customers, expectedPurchases: $0.expectedPurchases,
                    actualPurchases: $0.actualPurchases)
            }
            self.fitSeconds = fitSeconds
        }
    }

    /// The best model by the rule above, and why.
    static func choose(_ models: [Candidate], configured: PurchaseModelKind) -> (PurchaseModelKind, String) {
        let eligible = models.filter(\.converged)
        guard let best = eligible.min(by: { $0.groupRMSE < $1.groupRMSE }) else {
            return (configured, "no fit converged; keeping the configured \(configured.displayName)")
        }
        if best.model == configured {
            return (configured, "\(best.name) has the smallest holdout RMSE by frequency group")
        }
        if let own = eligible.first(where: { $0.model == configured }), best.groupRMSE >= 0.99 * own.groupRMSE {
            return (
                configured,
                "\(best.name) has the smallest holdout RMSE by frequency group, less than 1 % below the configured "
                    + "\(own.name)'s; keeping \(own.name)"
            )
        }
        return (best.model, "\(best.name) has the smallest holdout RMSE by frequency group")
    }
}
