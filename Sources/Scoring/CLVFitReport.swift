import Analytics

/// What `crmwh clv fit` reports: both fits, the data they were fitted on and,
/// with a holdout period, how well the purchase model predicted it.
public struct CLVFitReport: Sendable, Encodable {
    public var asOf: CalendarDate
    public var timeZone: String
    public var unit: TimeUnit
    public var modelVersion: String
    /// The purchase model fitted: `bgnbd`, `mbgnbd` or `paretonbd`, the key its fit is under.
    public var purchaseModel: PurchaseModelKind
    /// Customers in the calibration summary.
    public var customers: Int
    /// Customers with at least one repeat purchase.
    public var repeatBuyers: Int
    /// One-time buyers and what the purchase model says of them.
    public var oneTimeBuyers: OneTimeBuyers
    /// The BG/NBD fit, when `purchaseModel` is `bgnbd`.
    public private(set) var bgnbd: BGNBDFit?
    /// The MBG/NBD fit, when `purchaseModel` is `mbgnbd`.
    public private(set) var mbgnbd: MBGNBDFit?
    /// The Pareto/NBD fit, when `purchaseModel` is `paretonbd`.
    public private(set) var paretonbd: ParetoNBDFit?
    public var gammaGamma: GammaGammaFit
    public var holdout: HoldoutReport?
    /// True when the fit was read back from `dw.clv_model` rather than computed now.
    public var reusedStoredFit: Bool
    public var timings = CLVTimings()

    init(
        asOf: CalendarDate, timeZone: String, unit: TimeUnit, modelVersion: String, customers: Int,
        repeatBuyers: Int, oneTimeBuyers: OneTimeBuyers, purchases: CLVPurchaseFit, gammaGamma: GammaGammaFit
    ) {
        self.asOf = asOf
        self.timeZone = timeZone
        self.unit = unit
        self.modelVersion = modelVersion
        self.purchaseModel = purchases.kind
        self.customers = customers
        self.repeatBuyers = repeatBuyers
        self.oneTimeBuyers = oneTimeBuyers
        self.bgnbd = purchases.bgnbd
        self.mbgnbd = purchases.mbgnbd
        self.paretonbd = purchases.paretonbd
        self.gammaGamma = gammaGamma
        self.reusedStoredFit = false
    }

    /// The purchase model's fit, whichever it is.
    public var purchases: CLVPurchaseFit {
        if let mbgnbd { return .mbgnbd(mbgnbd) }
        if let paretonbd { return .paretonbd(paretonbd) }
        // The initialiser sets exactly one of the three.
        return .bgnbd(bgnbd!)
    }

    /// Customers without a repeat purchase: BG/NBD counts every one of them alive,
    /// MBG/NBD lowers their P(alive) as time passes since their only purchase.
    public struct OneTimeBuyers: Sendable, Encodable {
        public var customers: Int
        /// Mean P(alive) at the as-of date.
        public var meanProbabilityAlive: Double
        /// Those whose only purchase is more than two years (730.5 days) before the as-of date.
        public var olderThanTwoYears: Int
        /// Their mean P(alive); nil when there are none.
        public var meanProbabilityAliveOlderThanTwoYears: Double?

        init(_ summary: RFMSummary, _ model: any PurchaseModel) {
            let rows = summary.converted(to: model.unit).rows.filter { $0.frequency == 0 }
            let twoYears = TimeSpan.days(730.5).value(in: model.unit)
            let alive = rows.map { model.probabilityAlive(frequency: 0, recency: 0, T: $0.T) }
            let old = rows.indices.filter { rows[$0].T > twoYears }
            customers = rows.count
            meanProbabilityAlive = rows.isEmpty ? 0 : alive.reduce(0, +) / Double(rows.count)
            olderThanTwoYears = old.count
            meanProbabilityAliveOlderThanTwoYears =
                old.isEmpty ? nil : old.reduce(0) { $0 + alive[$1] } / Double(old.count)
        }
    }

    /// The calibration/holdout check for `--holdout-end`.
    public struct HoldoutReport: Sendable, Encodable {
        public var holdoutEnd: CalendarDate
        public var holdoutDays: Int
        public var expectedPurchases: Double
        public var actualPurchases: Int
        public var groups: [Group]

        public struct Group: Sendable, Encodable {
            public var frequency: String
            public var customers: Int
            public var expectedPurchases: Double
            public var actualPurchases: Int
        }

        init(_ comparison: HoldoutComparison, holdoutEnd: CalendarDate, holdoutDays: Int) {
            self.holdoutEnd = holdoutEnd
            self.holdoutDays = holdoutDays
            expectedPurchases = comparison.expectedPurchases
            actualPurchases = comparison.actualPurchases
            groups = comparison.groups.map {
                Group(
                    frequency: $0.label, customers: $0.customers, expectedPurchases: $0.expectedPurchases,
                    actualPurchases: $0.actualPurchases)
            }
        }
    }
}

/// What `crmwh clv score` (and the nightly run) did.
public struct CLVScoreReport: Sendable, Encodable {
    public var fit: CLVFitReport
    public var horizonMonths: Int
    public var monthlyDiscountRate: Double
    public var margin: Double
    /// Rows written to `dw.customer_score`.
    public var scoresWritten: Int
    /// Earlier rows of the same as-of date and model version that were replaced.
    public var scoresReplaced: Int
    /// Σ CLV over the customers scored, in the base currency.
    public var totalCLV: Double
    /// Mean P(alive) over the customers scored.
    public var meanProbabilityAlive: Double
}

/// Wall-clock seconds of each step, for logs and benchmarks.
public struct CLVTimings: Sendable, Encodable {
    /// Reading the RFM summary (and the holdout counts) from the warehouse.
    public var summarySeconds = 0.0
    /// Both fits (0 when a stored fit was reused).
    public var fitSeconds = 0.0
    /// Scoring every customer.
    public var scoreSeconds = 0.0
    /// Writing dw.clv_model and dw.customer_score, commit included.
    public var writeSeconds = 0.0

    /// Runs `body` and adds its duration to `field`.
    static func measure<T>(_ field: inout Double, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer {
            let elapsed = clock.now - start
            field += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        return try body()
    }
}
