/// Repeat purchases per period, actual against predicted, across a calibration period and
/// the holdout after it (lifetimes' `expected_cumulative_transactions`): the customers are
/// those whose first purchase falls on or before the calibration end, and the prediction at
/// the end of day D is Σ over first-purchase days c ≤ D of (customers first buying on c) ·
/// E[X(D − c)], the population expectation of a customer that old.
public struct RepeatPurchaseTimeline: Sendable, Hashable {
    public struct Period: Sendable, Hashable {
        /// The period's last day (a day number: days since 1970-01-01).
        public var lastDay: Int
        public var days: Int
        /// True when the period lies after the calibration end.
        public var isHoldout: Bool
        public var actualPurchases: Int
        public var expectedPurchases: Double
        public var cumulativeActualPurchases: Int
        public var cumulativeExpectedPurchases: Double
    }

    public var periods: [Period]

    /// - Parameters:
    ///   - firstPurchases: customers per first-purchase day (day numbers), all on or before `calibrationEnd`.
    ///   - repeatPurchases: repeat purchases of those customers per day, up to `holdoutEnd`.
    ///   - periodDays: length of a period; periods end on the calibration end and every
    ///     `periodDays` before and after it (the last one may be shorter and ends on `holdoutEnd`).
    public static func compute(
        _ model: any PurchaseModel, firstPurchases: [Int: Int], repeatPurchases: [Int: Int], calibrationEnd: Int,
        holdoutEnd: Int, periodDays: Int = 7
    ) -> RepeatPurchaseTimeline {
        guard let firstDay = firstPurchases.keys.min(), periodDays > 0 else { return RepeatPurchaseTimeline(periods: []) }
        var ends: [Int] = []
        var end = calibrationEnd
        while end >= firstDay {
            ends.insert(end, at: 0)
            end -= periodDays
        }
        end = calibrationEnd + periodDays
        while end < holdoutEnd + periodDays {
            ends.append(min(end, holdoutEnd))
            end += periodDays
        }
        let cohorts = firstPurchases.sorted { $0.key < $1.key }
        let dayInUnit = TimeSpan.days(1).value(in: model.unit)
        // E[X(t)] depends on the age in days only: one evaluation per age, not per cohort and period.
        let ages = (0...max(0, holdoutEnd - firstDay)).map { model.populationExpectedPurchases(t: Double($0) * dayInUnit) }
        var periods: [Period] = []
        var previousEnd = firstDay - 1
        var cumulativeActual = 0
        var previousExpected = 0.0
        for last in ends {
            let actual = repeatPurchases.reduce(0) { $0 + ($1.key > previousEnd && $1.key <= last ? $1.value : 0) }
            var cumulativeExpected = 0.0
            for (day, customers) in cohorts where day <= last {
                cumulativeExpected += Double(customers) * ages[last - day]
            }
            cumulativeActual += actual
            periods.append(
                Period(
                    lastDay: last, days: last - previousEnd, isHoldout: last > calibrationEnd, actualPurchases: actual,
                    expectedPurchases: cumulativeExpected - previousExpected, cumulativeActualPurchases: cumulativeActual,
                    cumulativeExpectedPurchases: cumulativeExpected))
            previousExpected = cumulativeExpected
            previousEnd = last
        }
        return RepeatPurchaseTimeline(periods: periods)
    }
}
