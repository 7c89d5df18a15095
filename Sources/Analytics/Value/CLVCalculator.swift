import Foundation

/// Discounted customer lifetime value from a purchase model (BG/NBD, MBG/NBD or Pareto/NBD) and a
/// Gamma-Gamma spend model, computed as lifetimes 0.11.3 `customer_lifetime_value` does:
///
///   CLV = margin · Σₖ₌₁..H  E[Z] · (E[Y(k·M)] − E[Y((k − 1)·M)]) / (1 + d)ᵏ
///
/// with H the horizon in months, M the length of a month in the purchase model's unit,
/// E[Y(t)] the conditional expected purchases (BG/NBD eq. 10), E[Z] the expected
/// average transaction value (Gamma-Gamma) and d the monthly discount rate.
///
/// lifetimes measures a month as 30 days or 4.345 weeks; here it is `monthLength`,
/// by default a mean Gregorian month (365.25 / 12 days), converted to the model's unit.
public struct CLVCalculator: Sendable {
    /// The purchase model; rows scored must be in (or are converted to) its unit.
    public var purchases: any PurchaseModel
    /// The spend model.
    public var gammaGamma: GammaGammaParameters
    /// Number of monthly periods summed.
    public var horizonMonths: Int
    /// Discount rate, applied month by month.
    public var discountRate: DiscountRate
    /// Fraction of revenue kept as profit, applied to every expected transaction value.
    public var margin: Double
    /// The length of one period: a mean month by default, 4.345 weeks or 30 days in lifetimes.
    public var monthLength: TimeSpan

    /// - Throws: ``AnalyticsError/Code/invalidModel`` when the Gamma-Gamma population
    ///   mean does not exist (q ≤ 1: customers without repeat purchases would get an
    ///   infinite or negative value), `.mismatchedInput` for a horizon below one month,
    ///   a discount rate ≤ −100 %, a non-finite margin or a non-positive month length.
    public init(
        purchases: any PurchaseModel, gammaGamma: GammaGammaParameters, horizonMonths: Int = 12,
        discountRate: DiscountRate = .annual(0.10), margin: Double = 1, monthLength: TimeSpan = .months(1)
    ) throws {
        guard horizonMonths >= 1 else {
            throw AnalyticsError(.mismatchedInput, "the CLV horizon must be at least one month, not \(horizonMonths)")
        }
        let monthly = discountRate.monthlyRate
        guard monthly.isFinite, monthly > -1 else {
            throw AnalyticsError(.mismatchedInput, "discount rate \(discountRate) must be above −100 %")
        }
        guard margin.isFinite else { throw AnalyticsError(.mismatchedInput, "margin \(margin) is not a number") }
        guard monthLength.value > 0, monthLength.value.isFinite else {
            throw AnalyticsError(.mismatchedInput, "month length \(monthLength) must be positive")
        }
        guard gammaGamma.populationMeanValue != nil else {
            throw AnalyticsError(
                .invalidModel,
                "Gamma-Gamma q = \(gammaGamma.q) ≤ 1: the population mean spend does not exist, so customers"
                    + " without repeat purchases have no expected value (refit with a penalizer)")
        }
        self.purchases = purchases
        self.gammaGamma = gammaGamma
        self.horizonMonths = horizonMonths
        self.discountRate = discountRate
        self.margin = margin
        self.monthLength = monthLength
    }

    /// CLV on a BG/NBD purchase model.
    public init(
        bgnbd: BGNBDParameters, gammaGamma: GammaGammaParameters, horizonMonths: Int = 12,
        discountRate: DiscountRate = .annual(0.10), margin: Double = 1, monthLength: TimeSpan = .months(1)
    ) throws {
        try self.init(
            purchases: bgnbd, gammaGamma: gammaGamma, horizonMonths: horizonMonths,
            discountRate: discountRate, margin: margin, monthLength: monthLength)
    }

    public init(
        bgnbd: BGNBDFit, gammaGamma: GammaGammaFit, horizonMonths: Int = 12,
        discountRate: DiscountRate = .annual(0.10), margin: Double = 1, monthLength: TimeSpan = .months(1)
    ) throws {
        try self.init(
            purchases: bgnbd.parameters, gammaGamma: gammaGamma.parameters, horizonMonths: horizonMonths,
            discountRate: discountRate, margin: margin, monthLength: monthLength)
    }

    /// Scores one customer; `row`'s recency and T must be in the purchase model's unit.
    ///
    /// - Throws: `.invalidRow` for a row breaking the RFM conventions, `.nonFiniteResult`
    ///   if any output is not a finite number.
    public func score(_ row: RFMSummaryRow) throws -> CustomerValue {
        try row.validate()
        return try value(of: row, purchases: purchaseForecast(row))
    }

    /// What the purchase model says about a purchase history over the horizon.
    private struct PurchaseForecast {
        var probabilityAlive: Double
        var expectedPurchases: Double
        /// Σₖ (E[Y(k·M)] − E[Y((k − 1)·M)]) / (1 + d)ᵏ
        var discountedPurchases: Double
    }

    private func purchaseForecast(_ row: RFMSummaryRow) -> PurchaseForecast {
        let curve = purchaseCurveIfAlive(frequency: row.frequency, T: row.T)
        let alive = purchases.probabilityAlive(frequency: row.frequency, recency: row.recency, T: row.T)
        return PurchaseForecast(
            probabilityAlive: alive, expectedPurchases: alive * curve.expected,
            discountedPurchases: alive * curve.discounted)
    }

    /// Purchases over the horizon of a customer who is still alive, which depend on
    /// the history only through x and T (eq. 10 is P(alive) times this): the total,
    /// and Σₖ (E[Y(k·M)] − E[Y((k − 1)·M)]) / (1 + d)ᵏ.
    func purchaseCurveIfAlive(frequency: Int, T: Double) -> (expected: Double, discounted: Double) {
        let month = monthLength.value(in: purchases.unit)
        let discount = 1 + discountRate.monthlyRate
        let cumulative = purchases.expectedPurchasesIfAlive(
            at: (1...horizonMonths).map { Double($0) * month }, frequency: frequency, T: T)
        var previous = 0.0
        var discounted = 0.0
        var discountFactor = 1.0
        for purchases in cumulative {
            discountFactor /= discount
            discounted += (purchases - previous) * discountFactor
            previous = purchases
        }
        return (previous, discounted)
    }

    private func value(of row: RFMSummaryRow, purchases: PurchaseForecast) throws -> CustomerValue {
        let spend = gammaGamma.expectedAverageValue(frequency: row.frequency, monetary: row.monetary)
        let result = CustomerValue(
            customerID: row.customerID, probabilityAlive: purchases.probabilityAlive,
            expectedPurchases: purchases.expectedPurchases, expectedAverageValue: spend,
            clv: margin * spend * purchases.discountedPurchases)
        guard result.isFinite else {
            throw AnalyticsError(
                .nonFiniteResult, "customer \(row.customerID): model outputs are not finite: \(result)")
        }
        return result
    }
}
