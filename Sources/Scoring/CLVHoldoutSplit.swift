import Pipeline

/// A calibration period and the holdout that follows it: the split `clv fit --compare`
/// and the CLV diagnostics check a purchase model on.
public struct CLVHoldoutSplit: Sendable, Hashable, Encodable {
    /// Last day of the calibration period, inclusive.
    public var calibrationEnd: CalendarDate
    /// Last day of the holdout, inclusive; the holdout starts the day after `calibrationEnd`.
    public var holdoutEnd: CalendarDate

    public init(calibrationEnd: CalendarDate, holdoutEnd: CalendarDate) {
        precondition(calibrationEnd < holdoutEnd, "the holdout must end after the calibration")
        self.calibrationEnd = calibrationEnd
        self.holdoutEnd = holdoutEnd
    }

    /// The holdout of the `months` calendar months ending on `holdoutEnd`: the calibration
    /// ends the same day of the month `months` earlier (the month's last day when that day
    /// does not exist, or when `holdoutEnd` is the last day of its month, so 2026-11-30
    /// and 6 months give a calibration to 2026-05-31).
    public init(holdoutEnd: CalendarDate, months: Int) {
        precondition(months >= 1, "a holdout of at least one month")
        let (year, month, day) = CivilCalendar.date(daysSinceEpoch: holdoutEnd.daysSinceEpoch)
        let monthIndex = year * 12 + (month - 1) - months
        let (y, m) = (monthIndex / 12, monthIndex % 12 + 1)
        let last = CivilCalendar.daysInMonth(year: y, month: m)
        let isMonthEnd = day == CivilCalendar.daysInMonth(year: year, month: month)
        let d = isMonthEnd ? last : min(day, last)
        self.init(
            calibrationEnd: CalendarDate(daysSinceEpoch: CivilCalendar.daysSinceEpoch(year: y, month: m, day: d)),
            holdoutEnd: holdoutEnd)
    }

    /// Days in the holdout.
    public var holdoutDays: Int { calibrationEnd.days(until: holdoutEnd) }
}
