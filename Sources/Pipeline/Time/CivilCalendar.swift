/// Proleptic Gregorian calendar arithmetic on plain integers (the algorithms
/// of Howard Hinnant's "chrono-Compatible Low-Level Date Algorithms"), so
/// date parsing never touches Foundation's Calendar.
public enum CivilCalendar {
    public static func isLeapYear(_ y: Int) -> Bool {
        y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1
            && day <= daysInMonth(year: year, month: month)
    }

    /// Days since 1970-01-01 of a valid date.
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day number (inverse of `daysSinceEpoch`).
    public static func date(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// ISO weekday, 1 = Monday ... 7 = Sunday.
    public static func weekday(daysSinceEpoch days: Int) -> Int {
        // 1970-01-01 was a Thursday (4).
        let w = (days + 3) % 7
        return (w < 0 ? w + 7 : w) + 1
    }
}

/// A wall-clock date and time as written in a feed, before any zone is applied.
public struct LocalDateTime: Hashable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour = 0
    public var minute = 0
    public var second = 0
    public var microsecond = 0
    /// Seconds east of UTC when the text carried an offset ("Z", "+01:00").
    public var utcOffsetSeconds: Int?

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                microsecond: Int = 0, utcOffsetSeconds: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Whether every part is in range (no Feb 30, no 24:00, no leap second).
    public var isValid: Bool {
        CivilCalendar.isValid(year: year, month: month, day: day) && (0..<24).contains(hour)
            && (0..<60).contains(minute) && (0..<60).contains(second) && (0..<1_000_000).contains(microsecond)
            && (utcOffsetSeconds.map { abs($0) <= 18 * 3600 } ?? true)
    }

    /// Seconds since the epoch reading the wall clock as if it were UTC.
    public var secondsAsIfUTC: Int64 {
        Int64(CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)) * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }
}
