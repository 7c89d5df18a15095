import Analytics

/// What `crmwh clv fit` reports: both fits, the data they were fitted on and,
/// with a holdout period, how well the purchase model predicted it.
public struct CLVFitReport: Sendable, Encodable {
    public var asOf: CalendarDate
    public var timeZone: String
    public var unit: TimeUnit
    public var modelVersion: String
    /// Customers in the calibration summary.
    public var customers: Int
    /// Customers with at least one repeat purchase.
    public var repeatBuyers: Int
    public var bgnbd: BGNBDFit
    public var gammaGamma: GammaGammaFit
    public var holdout: HoldoutReport?
    /// True when the fit was read back from `dw.clv_model` rather than computed now.
    public var reusedStoredFit: Bool
    public var timings = CLVTimings()

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
