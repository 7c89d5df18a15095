import XCTest

@testable import Analytics

final class TimeUnitTests: XCTestCase {
    func testSpansConvert() {
        XCTAssertEqual(TimeSpan.weeks(2).value(in: .day), 14)
        XCTAssertEqual(TimeSpan.months(12).value(in: .day), 365.25, accuracy: 1e-12)
        XCTAssertEqual(TimeSpan.days(365.25 / 12).value(in: .month), 1, accuracy: 1e-12)
        let row = RFMSummaryRow(customerID: "c", frequency: 3, recencyDays: 70, ageDays: 140, unit: .week)
        XCTAssertEqual(row.recency, 10)
        XCTAssertEqual(row.T, 20)
    }

    /// The same customers summarised in days and in weeks: α scales by 7, the other
    /// parameters do not, and ln L differs by Σx · ln 7 (the density of purchase times).
    func testFitIsEquivariantInTheTimeUnit() throws {
        let fixture: BGNBDFixture = try Fixtures.load("cdnow_bgnbd")
        let weeks = Fixtures.summary(fixture)
        let days = weeks.converted(to: .day)
        XCTAssertEqual(days.unit, .day)
        let inWeeks = try BGNBDModel.fit(weeks)
        let inDays = try BGNBDModel.fit(days)
        XCTAssertEqual(inDays.unit, .day)
        assertRelative(inDays.parameters.alpha, inWeeks.parameters.alpha * 7, 1e-4, "alpha")
        assertRelative(inDays.parameters.r, inWeeks.parameters.r, 1e-4, "r")
        assertRelative(inDays.parameters.a, inWeeks.parameters.a, 1e-4, "a")
        let repeatPurchases = Double(fixture.frequency!.reduce(0, +))
        XCTAssertEqual(inDays.logLikelihood, inWeeks.logLikelihood - repeatPurchases * log(7), accuracy: 1e-3)
        let converted = inWeeks.parameters.converted(to: .day)
        XCTAssertEqual(converted.alpha, inWeeks.parameters.alpha * 7, accuracy: 1e-12)
        let row = weeks.rows[0]
        XCTAssertEqual(
            converted.expectedPurchases(in: .weeks(39), for: days.rows[0]),
            inWeeks.parameters.expectedPurchases(in: .days(273), for: row), accuracy: 1e-12)
    }
}
