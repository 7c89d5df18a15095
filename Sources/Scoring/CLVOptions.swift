import Analytics

/// What to fit: the calibration end, the purchase model, the time unit and the reporting time zone.
public struct CLVFitOptions: Sendable {
    public var asOf: CalendarDate
    /// The purchase model: BG/NBD, MBG/NBD or Pareto/NBD (each with Gamma-Gamma for spend).
    public var model: PurchaseModelKind
    public var unit: TimeUnit
    /// The zone whose calendar days count as purchase days (a PostgreSQL zone name).
    public var timeZone: String
    /// L2 penalty of both fits (lifetimes' `penalizer_coef`); 0 for plain maximum likelihood.
    public var penalizer: Double
    /// With a holdout end, the fit is checked against the purchases in (asOf, holdoutEnd].
    public var holdoutEnd: CalendarDate?

    public init(
        asOf: CalendarDate, model: PurchaseModelKind = .bgnbd, unit: TimeUnit = .week, timeZone: String = "UTC",
        penalizer: Double = 0, holdoutEnd: CalendarDate? = nil
    ) {
        self.asOf = asOf
        self.model = model
        self.unit = unit
        self.timeZone = timeZone
        self.penalizer = penalizer
        self.holdoutEnd = holdoutEnd
    }
}

/// How to turn a fit into scores.
public struct CLVScoreOptions: Sendable {
    public var fit: CLVFitOptions
    public var horizonMonths: Int
    public var discountRate: DiscountRate
    /// Fraction of revenue kept as profit; 1 makes `clv` discounted expected revenue.
    public var margin: Double
    /// Fit again even when `dw.clv_model` holds a fit of this version for the same customers.
    public var refit: Bool
    /// The nightly run that writes the scores, recorded with them.
    public var etlRunID: Int64?

    public init(
        fit: CLVFitOptions, horizonMonths: Int = 12, discountRate: DiscountRate = .annual(0.10), margin: Double = 1,
        refit: Bool = false, etlRunID: Int64? = nil
    ) {
        self.fit = fit
        self.horizonMonths = horizonMonths
        self.discountRate = discountRate
        self.margin = margin
        self.refit = refit
        self.etlRunID = etlRunID
    }
}
