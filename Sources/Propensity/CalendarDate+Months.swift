import Pipeline
import Scoring

extension CalendarDate {
    /// The day `months` calendar months earlier, clamped to the month's last
    /// day as PostgreSQL's `date - interval 'n months'` does (31 May − 3 months = 28 or 29 Feb).
    func monthsEarlier(_ months: Int) -> CalendarDate {
        let (year, month, day) = CivilCalendar.date(daysSinceEpoch: daysSinceEpoch)
        let index = year * 12 + (month - 1) - months
        let y = index >= 0 ? index / 12 : (index - 11) / 12
        let m = index - y * 12 + 1
        let d = min(day, CivilCalendar.daysInMonth(year: y, month: m))
        return CalendarDate(daysSinceEpoch: CivilCalendar.daysSinceEpoch(year: y, month: m, day: d))
    }

    func adding(days: Int) -> CalendarDate {
        CalendarDate(daysSinceEpoch: daysSinceEpoch + days)
    }

    /// The first day of the trailing window of `months` months ending with this
    /// day, as the marts take it: (day + 1) − months.
    func trailingWindowStart(months: Int) -> CalendarDate {
        adding(days: 1).monthsEarlier(months)
    }
}
