import Analytics

/// The checks people run before they trust a purchase model, all on one calibration/holdout
/// split and the model fitted on its calibration period (`crmwh report clv_diagnostics`):
///
/// - the holdout check: expected against actual holdout purchases by calibration frequency;
/// - the period-transactions check: customers with 0, 1, … 7+ calibration repeat purchases
///   against Σ P(X(T) = n) (exact, not simulated);
/// - P(alive) and expected purchases over a frequency × recency grid at the longest T;
/// - weekly repeat purchases, actual against predicted, across calibration and holdout.
public struct CLVDiagnostics: Sendable {
    public var split: CLVHoldoutSplit
    public var timeZone: String
    public var unit: TimeUnit
    /// The purchase model fitted on the calibration period.
    public var fit: CLVPurchaseFit
    public var customers: Int
    public var holdout: HoldoutComparison
    public var periodTransactions: PeriodTransactionsCheck
    public var probabilityAlive: FrequencyRecencyMatrix
    /// Expected repeat purchases over the next holdout length.
    public var expectedPurchases: FrequencyRecencyMatrix
    public var weekly: RepeatPurchaseTimeline

    /// Rows of the frequency × recency matrices (those above the largest frequency seen are left out).
    static let matrixFrequencies = [0, 1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50]
    /// Columns: recency from 0 to T in this many equal steps.
    static let matrixRecencySteps = 8

    /// Computes every check from the data of one split.
    static func compute(
        fit: CLVPurchaseFit, data: CLVHoldoutData, split: CLVHoldoutSplit, timeZone: String,
        firstPurchases: [Int: Int], repeatPurchases: [Int: Int]
    ) throws -> CLVDiagnostics {
        let model = fit.parameters
        let calibration = data.calibration.converted(to: model.unit)
        let holdoutLength = TimeSpan.days(Double(split.holdoutDays))
        let holdout = try model.compareHoldout(
            calibration: calibration, actualHoldoutPurchases: data.holdoutPurchases, holdoutLength: holdoutLength)
        let maxT = calibration.rows.map(\.T).max() ?? 0
        let maxFrequency = calibration.rows.map(\.frequency).max() ?? 0
        let frequencies = matrixFrequencies.filter { $0 <= maxFrequency }
        let recencies = (0...matrixRecencySteps).map {
            ($0 == matrixRecencySteps ? maxT : (maxT * Double($0) / Double(matrixRecencySteps)).rounded())
        }
        return CLVDiagnostics(
            split: split, timeZone: timeZone, unit: model.unit, fit: fit, customers: calibration.rows.count,
            holdout: holdout,
            periodTransactions: PeriodTransactionsCheck.compute(model, calibration: calibration),
            probabilityAlive: FrequencyRecencyMatrix.compute(
                model, .probabilityAlive, frequencies: frequencies, recencies: recencies, T: maxT),
            expectedPurchases: FrequencyRecencyMatrix.compute(
                model, .expectedPurchases(t: holdoutLength.value(in: model.unit)), frequencies: frequencies,
                recencies: recencies, T: maxT),
            weekly: RepeatPurchaseTimeline.compute(
                model, firstPurchases: firstPurchases, repeatPurchases: repeatPurchases,
                calibrationEnd: split.calibrationEnd.daysSinceEpoch, holdoutEnd: split.holdoutEnd.daysSinceEpoch))
    }
}

/// What to diagnose: the split, the model and how its summary is read.
public struct CLVDiagnosticsOptions: Sendable {
    public var split: CLVHoldoutSplit
    public var model: PurchaseModelKind
    public var unit: TimeUnit
    public var timeZone: String
    public var penalizer: Double

    public init(
        split: CLVHoldoutSplit, model: PurchaseModelKind = .bgnbd, unit: TimeUnit = .week, timeZone: String = "UTC",
        penalizer: Double = 0
    ) {
        self.split = split
        self.model = model
        self.unit = unit
        self.timeZone = timeZone
        self.penalizer = penalizer
    }
}

extension CLVScoring {
    /// Reads the split's data, fits `options.model` on the calibration period and runs every check.
    public func diagnostics(_ options: CLVDiagnosticsOptions) throws -> CLVDiagnostics {
        try checkTimeZone(options.timeZone)
        let (data, days) = try connection.transaction {
            try connection.execute("set transaction isolation level repeatable read, read only")
            let data = try readHoldoutData(options.split, unit: options.unit, timeZone: options.timeZone)
            let days = try RFMSummaryReader(connection: connection, sql: sql).purchasesByDay(
                split: options.split, timeZone: options.timeZone)
            return (data, days)
        }
        let fit = try CLVPurchaseFit.fit(options.model, data.calibration, penalizer: options.penalizer)
        return try CLVDiagnostics.compute(
            fit: fit, data: data, split: options.split, timeZone: options.timeZone,
            firstPurchases: days.first, repeatPurchases: days.repeat)
    }
}

extension RFMSummaryReader {
    /// First and repeat purchases per day (`sql/clv/purchases_by_day.sql`) of the customers
    /// whose first purchase is on or before the calibration end, keyed by day number.
    /// Must run inside a transaction.
    func purchasesByDay(split: CLVHoldoutSplit, timeZone: String) throws -> (first: [Int: Int], repeat: [Int: Int]) {
        var first: [Int: Int] = [:]
        var repeated: [Int: Int] = [:]
        try stream(
            try sql.text("clv/purchases_by_day.sql"),
            [split.calibrationEnd.description, split.holdoutEnd.description, timeZone]
        ) { result, row in
            guard let text = result.string(row, 0), let day = CalendarDate(text),
                let firsts = result.int(row, 1), let repeats = result.int(row, 2)
            else { return }
            if firsts > 0 { first[day.daysSinceEpoch] = firsts }
            if repeats > 0 { repeated[day.daysSinceEpoch] = repeats }
        }
        return (first, repeated)
    }
}
