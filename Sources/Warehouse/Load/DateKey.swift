import Pipeline

/// The `dw.dim_date` key (yyyymmdd) of an instant's calendar day in the
/// reporting time zone, computed client-side so the merge need not call
/// a formatting function per row.
enum DateKey {
    static func of(unixMicroseconds: Int64, zone: ZoneRules) -> Int32 {
        let seconds = unixMicroseconds.floorDiv(1_000_000)
        let local = seconds + Int64(zone.offsetSeconds(atUTC: seconds))
        let day = CivilCalendar.date(daysSinceEpoch: Int(local.floorDiv(86_400)))
        return Int32(day.year * 10_000 + day.month * 100 + day.day)
    }
}
