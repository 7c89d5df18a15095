import XCTest

@testable import Analytics

final class CLVCalculatorTests: XCTestCase {
    /// lifetimes' customer_lifetime_value(time=12, discount_rate=0.01, freq="W") uses
    /// 4.345 weeks per month and a monthly rate: with the same parameters the sums agree.
    func testMatchesLifetimesCustomerLifetimeValue() throws {
        for name in ["cdnow_gammagamma", "synthetic_gammagamma"] {
            let fixture: GammaGammaFixture = try Fixtures.load(name)
            let b = fixture.bgnbdParams
            let calculator = try CLVCalculator(
                bgnbd: BGNBDParameters(r: b.r, alpha: b.alpha, a: b.a, b: b.b, unit: .week),
                gammaGamma: GammaGammaParameters(p: fixture.params.p, q: fixture.params.q, v: fixture.params.v),
                horizonMonths: fixture.clv.months, discountRate: .monthly(fixture.clv.monthlyDiscountRate),
                monthLength: .weeks(fixture.clv.monthLengthInUnit))
            let summary = Fixtures.summary(
                frequency: fixture.frequency, recency: fixture.recency, T: fixture.T, monetary: fixture.monetary)
            let scores = try calculator.score(summary)
            XCTAssertEqual(scores.count, fixture.clv.values.count)
            for (score, expected) in zip(scores, fixture.clv.values) {
                XCTAssertEqual(
                    score.clv, expected, accuracy: max(1e-4 * abs(expected), 1e-6), "\(name) \(score.customerID)")
            }
        }
    }

    func testEndToEndFitsGiveLifetimesCLV() throws {
        let fixture: GammaGammaFixture = try Fixtures.load("cdnow_gammagamma")
        let summary = Fixtures.summary(
            frequency: fixture.frequency, recency: fixture.recency, T: fixture.T, monetary: fixture.monetary)
        let calculator = try CLVCalculator(
            bgnbd: try BGNBDModel.fit(summary), gammaGamma: try GammaGammaModel.fit(summary.rows),
            discountRate: .monthly(0.01), monthLength: .weeks(4.345))
        let total = try calculator.score(summary).reduce(0) { $0 + $1.clv }
        XCTAssertEqual(total, fixture.clv.values.reduce(0, +), accuracy: 1e-3 * total)
    }

    func testDiscountMarginAndHorizon() throws {
        let bg = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
        let gg = GammaGammaParameters(p: 6.25, q: 3.74, v: 15.44)
        let row = RFMSummaryRow(customerID: "c", frequency: 4, recency: 30, T: 38, monetary: 25)
        let undiscounted = try CLVCalculator(bgnbd: bg, gammaGamma: gg, discountRate: .monthly(0)).score(row)
        // Without discounting CLV is E[Z] times the expected purchases over the horizon.
        XCTAssertEqual(
            undiscounted.clv, undiscounted.expectedAverageValue * undiscounted.expectedPurchases, accuracy: 1e-9)
        let horizon = bg.expectedPurchases(in: .months(12), for: row)
        XCTAssertEqual(undiscounted.expectedPurchases, horizon, accuracy: 1e-9)
        let discounted = try CLVCalculator(bgnbd: bg, gammaGamma: gg, discountRate: .annual(0.10)).score(row)
        XCTAssertLessThan(discounted.clv, undiscounted.clv)
        XCTAssertGreaterThan(discounted.clv, undiscounted.clv / 1.10)
        let halfMargin = try CLVCalculator(bgnbd: bg, gammaGamma: gg, discountRate: .annual(0.10), margin: 0.5).score(
            row)
        XCTAssertEqual(halfMargin.clv, discounted.clv / 2, accuracy: 1e-9)
        let longer = try CLVCalculator(bgnbd: bg, gammaGamma: gg, horizonMonths: 24).score(row)
        XCTAssertGreaterThan(longer.clv, discounted.clv)
    }

    func testAnnualRateCompoundsToMonthly() {
        let monthly = DiscountRate.annual(0.12).monthlyRate
        XCTAssertEqual(pow(1 + monthly, 12), 1.12, accuracy: 1e-12)
        XCTAssertEqual(DiscountRate.monthly(0.01).monthlyRate, 0.01)
    }

    func testScoringConvertsTheSummaryUnit() throws {
        let bg = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
        let calculator = try CLVCalculator(bgnbd: bg, gammaGamma: GammaGammaParameters(p: 6.25, q: 3.74, v: 15.44))
        let weeks = RFMSummary(
            unit: .week, rows: [RFMSummaryRow(customerID: "c", frequency: 3, recency: 20, T: 30, monetary: 40)])
        let days = RFMSummary(
            unit: .day, rows: [RFMSummaryRow(customerID: "c", frequency: 3, recency: 140, T: 210, monetary: 40)])
        let a = try calculator.score(weeks)[0]
        let b = try calculator.score(days)[0]
        XCTAssertEqual(a.clv, b.clv, accuracy: 1e-9)
        XCTAssertEqual(a.probabilityAlive, b.probabilityAlive, accuracy: 1e-12)
    }

    func testRejectsAModelWithoutPopulationMean() {
        let bg = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
        XCTAssertThrowsError(try CLVCalculator(bgnbd: bg, gammaGamma: GammaGammaParameters(p: 2, q: 0.8, v: 10))) {
            XCTAssertEqual(($0 as? AnalyticsError)?.code, .invalidModel)
        }
        XCTAssertThrowsError(
            try CLVCalculator(bgnbd: bg, gammaGamma: GammaGammaParameters(p: 2, q: 3, v: 10), horizonMonths: 0))
    }

    func testMoneyIsRoundedToCents() {
        XCTAssertEqual(MoneyRounding.decimalString(12.345), "12.35")
        XCTAssertEqual(MoneyRounding.decimalString(-0.05), "-0.05")
        XCTAssertEqual(MoneyRounding.decimalString(7), "7.00")
        XCTAssertEqual(MoneyRounding.cents(0.125), 13)
        XCTAssertEqual(try RFMSummaryRow.monetaryValue(fromDecimal: " 123.4500"), 123.45)
        XCTAssertThrowsError(try RFMSummaryRow.monetaryValue(fromDecimal: "12,50"))
    }
}
