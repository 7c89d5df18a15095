/// A prediction with its 95 % interval (estimate ± 1.959964 × standard error,
/// clipped where the quantity cannot go).
public struct PredictionInterval: Sendable, Equatable {
    public var estimate: Double
    public var low: Double
    public var high: Double
    public var standardError: Double

    /// The 97.5 % point of the standard normal: a two-sided 95 % interval.
    public static let z = 1.959964

    public init(estimate: Double, variance: Double, within bounds: ClosedRange<Double>? = nil) {
        let se = max(0, variance).squareRoot()
        self.estimate = estimate
        standardError = se
        low = estimate - Self.z * se
        high = estimate + Self.z * se
        if let bounds {
            low = min(max(low, bounds.lowerBound), bounds.upperBound)
            high = min(max(high, bounds.lowerBound), bounds.upperBound)
        }
    }

    public func contains(_ value: Double) -> Bool { low <= value && value <= high }
}

/// The customers a plan contacts in one cell (segment or tier). For a plan
/// that picks customers by their response propensity, the sum of their
/// propensities and of p(1 − p).
public struct PlanCell: Sendable, Equatable {
    public var cell: String
    public var customers: Double
    public var propensitySum: Double?
    public var propensityVarianceSum: Double?

    public init(cell: String, customers: Double, propensitySum: Double? = nil, propensityVarianceSum: Double? = nil) {
        self.cell = cell
        self.customers = customers
        self.propensitySum = propensitySum
        self.propensityVarianceSum = propensityVarianceSum
    }
}

/// One target cell's estimates, and what they rest on.
public struct CellForecast: Sendable, Equatable {
    public var cell: String
    public var customers: Double
    public var responseRate: ShrunkEstimate
    public var ordersUplift: ShrunkEstimate?
    public var revenueUplift: ShrunkEstimate?
    /// Contacted customers, campaigns and campaigns with a control group of
    /// this cell × channel × type in the history.
    public var pastContacted: Double
    public var pastCampaigns: Int
    public var pastControlCampaigns: Int
}

/// What a plan is predicted to give.
public struct CampaignForecast: Sendable, Equatable {
    public var customers: Double
    public var responders: PredictionInterval
    /// nil when no past campaign had a control group.
    public var incrementalOrders: PredictionInterval?
    public var incrementalRevenue: PredictionInterval?
    public var cells: [CellForecast]
}

extension CampaignResponseModel {
    /// Predicts a campaign on `channel` of `campaignType` contacting `cells`.
    ///
    /// Responders: mean Σ n_j μ_j (a propensity plan: Σ p); variance the
    /// binomial Σ n_j μ_j (1 − μ_j) (Σ p(1 − p)), the posterior
    /// Σ n_j² a_j + (Σ n_j B_j f_j)² Var(parent) + Σ (n_j B_j μ_parent)² Var(f_j)
    /// (a_j the cell's own variance, B_j its weight on its prior, f_j its
    /// factor on the channel × type node; not for propensities, whose
    /// model is not this one) and the new campaign's own deviation
    /// (Σ n_j √(ρ_c q_j (1 − q_j)))², q_j the cell's rate, taken as one
    /// shift shared by all cells. Uplifts: mean Σ n_j s_j u_j, variance
    /// Σ (n_j s_j)² a_j + (Σ n_j s_j B_j)² Var(parent) + (Σ n_j s_j)² τ²_c; s_j = 1,
    /// or for a propensity plan the cell's mean propensity / μ_j (uplift in
    /// proportion to the chance to respond).
    public func forecast(channel: String, campaignType: String, cells: [PlanCell]) -> CampaignForecast {
        let parentPath = [channel, campaignType]
        let parentRate = responseRate(parentPath)
        var total = 0.0
        var mean = 0.0, binomial = 0.0, ownPart = 0.0, sharedWeight = 0.0, factorPart = 0.0, campaignSD = 0.0
        var forecasts: [CellForecast] = []
        var scales: [Double] = []
        for plan in cells where plan.customers > 0 {
            let path = parentPath + [plan.cell]
            let rate = responseRate(path)
            let n = plan.customers
            total += n
            let expected: Double
            if let sum = plan.propensitySum {
                expected = sum
                binomial += plan.propensityVarianceSum ?? sum * (1 - sum / n)
            } else {
                expected = n * rate.mean
                binomial += n * rate.mean * (1 - rate.mean)
                ownPart += n * n * rate.ownVariance
                sharedWeight += n * rate.parentWeight * rate.priorFactor
                let factorWeight = n * rate.parentWeight * parentRate.mean
                factorPart += factorWeight * factorWeight * rate.priorFactorVariance
            }
            mean += expected
            let q = expected / n
            campaignSD += n * (campaignCorrelation * q * (1 - q)).squareRoot()
            scales.append(plan.propensitySum == nil || rate.mean <= 0 ? 1 : q / rate.mean)
            let evidence = evidence(path)
            forecasts.append(CellForecast(
                cell: plan.cell, customers: n, responseRate: rate, ordersUplift: uplift(.orders, path),
                revenueUplift: uplift(.revenue, path), pastContacted: evidence.contacted,
                pastCampaigns: evidence.campaigns, pastControlCampaigns: evidence.controlCampaigns))
        }
        let respondersVariance = binomial + ownPart + sharedWeight * sharedWeight * parentRate.variance + factorPart
            + campaignSD * campaignSD
        func incremental(_ measure: UpliftMeasure) -> PredictionInterval? {
            guard let parent = uplift(measure, parentPath) else { return nil }
            var mean = 0.0, own = 0.0, shared = 0.0, scaled = 0.0
            for (cell, scale) in zip(forecasts, scales) {
                let estimate = (measure == .orders ? cell.ordersUplift : cell.revenueUplift)!
                let weight = cell.customers * scale
                mean += weight * estimate.mean
                own += weight * weight * estimate.ownVariance
                shared += weight * estimate.parentWeight
                scaled += weight
            }
            let variance = own + shared * shared * parent.variance
                + scaled * scaled * campaignUpliftVariance[measure]!
            return PredictionInterval(estimate: mean, variance: variance)
        }
        return CampaignForecast(
            customers: total,
            responders: PredictionInterval(estimate: mean, variance: respondersVariance, within: 0...max(total, 0)),
            incrementalOrders: incremental(.orders), incrementalRevenue: incremental(.revenue), cells: forecasts)
    }
}
