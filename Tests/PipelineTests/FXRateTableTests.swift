import Pipeline
import XCTest

final class FXRateTableTests: XCTestCase {
    func day(_ text: String) -> Int32 { DateParser().parse(text).successValue! }

    func makeTable() -> FXRateTable {
        var table = FXRateTable(baseCurrency: .usd)
        XCTAssertNil(table.setRate(decimal("1.0800"), for: .eur, on: day("2024-03-01")))
        XCTAssertNil(table.setRate(decimal("1.0900"), for: .eur, on: day("2024-03-04")))
        XCTAssertNil(table.setRate(decimal("1.0850"), for: .eur, on: day("2024-03-02")))  // out of order
        XCTAssertNil(table.setRate(decimal("1.2700"), for: .gbp, on: day("2024-03-01")))
        return table
    }

    func testDayRateOrLatestEarlierRate() {
        let t = makeTable()
        XCTAssertEqual(t.count, 4)
        XCTAssertEqual(value(t.rate(for: .eur, on: day("2024-03-01")))?.description, "1.0800")
        XCTAssertEqual(value(t.rate(for: .eur, on: day("2024-03-02")))?.description, "1.0850")
        XCTAssertEqual(value(t.rate(for: .eur, on: day("2024-03-03")))?.description, "1.0850")  // Sunday
        XCTAssertEqual(value(t.rate(for: .eur, on: day("2025-01-01")))?.description, "1.0900")
        XCTAssertEqual(value(t.rate(for: .usd, on: day("1999-01-01"))), .one)
    }

    func testMissingRateIsAnIssueNeverOne() {
        let t = makeTable()
        XCTAssertEqual(rule(t.rate(for: .eur, on: day("2024-02-29"))), .currencyNoRate)  // before the first rate
        XCTAssertEqual(rule(t.rate(for: CurrencyCode("JPY"), on: day("2024-03-04"))), .currencyNoRate)
        XCTAssertEqual(rule(t.convert(decimal("10.00"), from: CurrencyCode("CHF"), on: day("2024-03-04"))), .currencyNoRate)
    }

    func testFallbackAndMaximumAge() {
        var t = makeTable()
        t.fallbackRates[CurrencyCode("JPY")] = decimal("0.0067")
        XCTAssertEqual(value(t.rate(for: CurrencyCode("JPY"), on: day("2024-03-04")))?.description, "0.0067")
        t.maximumRateAgeDays = 5
        XCTAssertEqual(rule(t.rate(for: .gbp, on: day("2024-03-10"))), .currencyNoRate)
        XCTAssertEqual(value(t.rate(for: .gbp, on: day("2024-03-06")))?.description, "1.2700")
    }

    func testReplaceAndRejectNonPositiveRates() {
        var t = makeTable()
        XCTAssertNil(t.setRate(decimal("1.1"), for: .eur, on: day("2024-03-02")))
        XCTAssertEqual(value(t.rate(for: .eur, on: day("2024-03-02")))?.description, "1.1")
        XCTAssertEqual(t.setRate(decimal("0"), for: .eur, on: day("2024-03-05"))?.rule, .fxRateInvalid)
        XCTAssertEqual(t.setRate(decimal("-1.2"), for: .eur, on: day("2024-03-05"))?.rule, .fxRateInvalid)
        XCTAssertEqual(t.count, 4)
    }

    func testConvertRoundsToScale() {
        let t = makeTable()
        XCTAssertEqual(value(t.convert(decimal("19.99"), from: .eur, on: day("2024-03-04")))?.description, "21.79")
        // 12.50 × 1.0850 = 13.5625 → 13.56 half-even (and half-up).
        XCTAssertEqual(value(t.convert(decimal("12.50"), from: .eur, on: day("2024-03-02")))?.description, "13.56")
        // 0.50 × 1.0900 = 0.545: a tie.
        XCTAssertEqual(value(t.convert(decimal("0.50"), from: .eur, on: day("2024-03-04")))?.description, "0.54")
        XCTAssertEqual(value(t.convert(decimal("0.50"), from: .eur, on: day("2024-03-04"), rule: .halfUp))?.description, "0.55")
        XCTAssertEqual(value(t.convert(decimal("-5.00"), from: .gbp, on: day("2024-03-04"), scale: 4))?.description, "-6.3500")
        XCTAssertEqual(value(t.convert(decimal("7.25"), from: .usd, on: day("2024-03-04")))?.description, "7.25")
    }
}
