import Foundation
import Pipeline
import XCTest

final class TimestampParserTests: XCTestCase {
    let utc = TimestampParser()
    let berlin = TimestampParser(timeZone: "Europe/Berlin")!
    let newYork = TimestampParser(timeZone: "America/New_York")!

    func testISO8601Variants() {
        let at10 = Int64(1_709_633_472_000_000)  // 2024-03-05T10:11:12Z
        let cases: [(String, Int64)] = [
            ("2024-03-05T10:11:12Z", at10), ("2024-03-05t10:11:12z", at10), ("2024-03-05 10:11:12Z", at10),
            ("2024-03-05T11:11:12+01:00", at10), ("2024-03-05 11:11:12+0100", at10), ("2024-03-05T11:11:12+01", at10),
            ("2024-03-05 11:11:12 +01:00", at10), ("2024-03-05T04:41:12-05:30", at10),
            ("2024-03-05T10:11:12.5Z", at10 + 500_000), ("2024-03-05T10:11:12,123456Z", at10 + 123_456),
            ("2024-03-05T10:11:12.000001+00:00", at10 + 1), ("2024-03-05T10:11Z", at10 - 12_000_000),
            ("  2024-03-05T10:11:12Z ", at10), ("2024-03-05", 1_709_596_800_000_000),
            ("1970-01-01T00:00:00Z", 0), ("1969-12-31T23:59:59.999999Z", -1),
        ]
        for (text, expected) in cases {
            XCTAssertEqual(value(utc.parse(text)), expected, text)
        }
    }

    func testRejectsMalformedAndImpossibleTimestamps() {
        for text in ["", "2024-3-5", "2024-03-05T10", "2024-03-05T10:11:12.1234567Z", "2024-02-30T00:00:00Z",
                     "2023-02-29", "2024-13-01", "2024-03-05T24:00:00Z", "2024-03-05T10:60:00Z", "2024-03-05T10:11:60Z",
                     "2024-03-05T10:11:12+25:00", "2024-03-05T10:11:12X", "yesterday", "2024-03-05T10:11:12Z extra",
                     "20240305", "05/03/2024"] {
            XCTAssertEqual(rule(utc.parse(text)), .timestampInvalid, text)
        }
    }

    func testLeapDays() {
        XCTAssertEqual(value(utc.parse("2024-02-29")), 1_709_164_800_000_000)
        XCTAssertEqual(value(DateParser().parse("2000-02-29")), 11016)
        XCTAssertEqual(rule(DateParser().parse("1900-02-29")), .dateInvalid)
        XCTAssertEqual(value(DateParser().parse("1900-03-01")), -25508)
        XCTAssertEqual(value(DateParser().parse("1969-12-31")), -1)
    }

    func testLocalTimeUsesTheFeedZone() {
        XCTAssertEqual(value(berlin.parse("2024-01-15 12:00")), 1_705_316_400_000_000)  // CET
        XCTAssertEqual(value(berlin.parse("2024-07-15T12:00:00")), 1_721_037_600_000_000)  // CEST
        XCTAssertEqual(value(berlin.parse("1985-07-01 12:00:00")), 489_060_000_000_000)
        XCTAssertEqual(value(berlin.parse("2090-07-01 12:00:00")), 3_802_586_400_000_000)
        // An explicit offset wins over the zone.
        XCTAssertEqual(value(berlin.parse("2024-03-05T10:11:12Z")), 1_709_633_472_000_000)
    }

    func testDaylightSavingGapsMoveForward() {
        // Europe/Berlin 2024-03-31: 02:00 CET jumps to 03:00 CEST; 02:30 is read as 03:30 CEST.
        XCTAssertEqual(value(berlin.parse("2024-03-31 02:30:00")), 1_711_848_600_000_000)
        XCTAssertEqual(value(berlin.parse("2024-03-31 03:30:00")), 1_711_848_600_000_000)
        // America/New_York 2024-03-10: 02:30 → 03:30 EDT (07:30Z).
        XCTAssertEqual(value(newYork.parse("2024-03-10 02:30")), 1_710_055_800_000_000)
    }

    func testAmbiguousTimesTakeTheEarlierInstant() {
        // Europe/Berlin 2024-10-27 02:30 happens twice; the first one is CEST (00:30Z).
        XCTAssertEqual(value(berlin.parse("2024-10-27 02:30:00")), 1_729_989_000_000_000)
        XCTAssertEqual(value(berlin.parse("2024-10-27 03:30:00")), 1_729_989_000_000_000 + 7_200_000_000)
        // America/New_York 2024-11-03 01:30 EDT = 05:30Z.
        XCTAssertEqual(value(newYork.parse("2024-11-03 01:30:00")), 1_730_611_800_000_000)
    }

    func testZoneTableAgreesWithFoundationForDecades() {
        // Zones with DST, abolished DST (Sao Paulo 2019) and changed standard offsets (Moscow 2011, 2014).
        for id in ["America/New_York", "Europe/Berlin", "Europe/Moscow", "America/Sao_Paulo", "Australia/Sydney",
                   "Asia/Kolkata", "Europe/London"] {
            let zone = TimeZone(identifier: id)!
            let rules = ZoneRules(identifier: id)!
            var t: Int64 = 0
            var mismatches = 0
            while t < 2_200_000_000 {
                if rules.offsetSeconds(atUTC: t) != zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(t))) {
                    mismatches += 1
                }
                t += 86_400 * 3 + 3_607
            }
            XCTAssertEqual(mismatches, 0, id)
        }
        XCTAssertNil(ZoneRules(identifier: "Mars/Olympus_Mons"))
        XCTAssertNil(TimestampParser(timeZone: "Nowhere/Special"))
    }

    func testConfiguredFormats() {
        let p = TimestampParser(timeZone: "UTC", formats: ["%d/%m/%Y %H:%M", "%m/%d/%Y", "%Y%m%d", "%d.%m.%y %I:%M %p",
                                                          "%d %b %Y %T", "%Y-%m-%dT%H:%M:%S%z", "%d/%m/%Y %H:%M:%S.%f"])!
        let day = Int64(1_709_596_800_000_000)  // 2024-03-05
        XCTAssertEqual(value(p.parse("05/03/2024 10:11")), day + 36_660_000_000)
        XCTAssertEqual(value(p.parse("5/3/2024 10:11")), day + 36_660_000_000)
        XCTAssertEqual(value(p.parse("03/25/2024")), day + 20 * 86_400_000_000)  // only m/d/Y fits
        XCTAssertEqual(value(p.parse("20240305")), day)
        XCTAssertEqual(value(p.parse("05.03.24 12:15 AM")), day + 900_000_000)
        XCTAssertEqual(value(p.parse("05.03.24 1:00 pm")), day + 13 * 3_600_000_000)
        XCTAssertEqual(value(p.parse("5 MARCH 2024 00:00:01")), day + 1_000_000)
        XCTAssertEqual(value(p.parse("05 Mar 2024 00:00:00")), day)
        XCTAssertEqual(value(p.parse("05/03/2024 00:00:00.25")), day + 250_000)
        XCTAssertEqual(rule(p.parse("31/02/2024 10:11")), .timestampInvalid)
        XCTAssertEqual(rule(p.parse("05/03/2024 10:11 extra")), .timestampInvalid)
        XCTAssertEqual(rule(p.parse("13.03.24 13:00 PM")), .timestampInvalid)
        XCTAssertNil(DateTimeFormat("%Q"))
        XCTAssertNil(DateTimeFormat("%"))
    }

    func testConfiguredFormatsUseTheZoneToo() {
        let p = TimestampParser(timeZone: "Europe/Berlin", formats: ["%d/%m/%Y %H:%M"])!
        XCTAssertEqual(value(p.parse("31/03/2024 02:30")), 1_711_848_600_000_000)  // in the gap → 03:30 CEST
        XCTAssertEqual(value(p.parse("27/10/2024 02:30")), 1_729_989_000_000_000)  // twice → the first (CEST)
        XCTAssertEqual(value(p.parse("15/01/2024 12:00")), 1_705_316_400_000_000)
    }

    func testDateParser() {
        let p = DateParser(formats: ["%d.%m.%Y", "%m/%d/%Y"])!
        XCTAssertEqual(value(p.parse("2024-03-05")), 19787)
        XCTAssertEqual(value(p.parse("5.3.2024")), 19787)
        XCTAssertEqual(value(p.parse("03/05/2024")), 19787)
        let dayFirst = DateParser(formats: ["%d/%m/%Y", "%m/%d/%Y"])!
        XCTAssertEqual(value(dayFirst.parse("05/03/2024")), 19787)
        XCTAssertEqual(value(dayFirst.parse("03/25/2024")), 19807)  // no month 25: falls through to m/d/Y
        for bad in ["", "2024-03-05T10:00:00Z", "2024/03/05", "32.01.2024", "2024-02-30"] {
            XCTAssertEqual(rule(p.parse(bad)), .dateInvalid, bad)
        }
    }

    func testCivilCalendarRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let d = CivilCalendar.date(daysSinceEpoch: days)
            XCTAssertEqual(CivilCalendar.daysSinceEpoch(year: d.year, month: d.month, day: d.day), days)
        }
        XCTAssertEqual(CivilCalendar.weekday(daysSinceEpoch: 0), 4)  // Thursday
        XCTAssertEqual(CivilCalendar.weekday(daysSinceEpoch: 19787), 2)  // 2024-03-05 was a Tuesday
    }
}
