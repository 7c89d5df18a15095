import XCTest

@testable import Analytics

private struct HoldoutFixture: Decodable {
    var frequency: [Int]
    var recency: [Double]
    var T: [Double]
    var holdoutPurchases: [Int]
    var holdoutLength: Double
    var params: BGNBDFixture.Params
    var expectedPurchases: [Double]
}

final class HoldoutComparisonTests: XCTestCase {
    /// CDNOW sample, weeks 1–39 calibration and 40–78 holdout, against lifetimes' predictions.
    func testCDNOWHoldout() throws {
        let fixture: HoldoutFixture = try Fixtures.load("cdnow_holdout")
        let calibration = Fixtures.summary(frequency: fixture.frequency, recency: fixture.recency, T: fixture.T)
        let fit = try BGNBDModel.fit(calibration)
        assertRelative(fit.parameters.r, fixture.params.r, 1e-3, "r")
        let comparison = try fit.parameters.compareHoldout(
            calibration: calibration, actualHoldoutPurchases: fixture.holdoutPurchases,
            holdoutLength: .weeks(fixture.holdoutLength))
        XCTAssertEqual(comparison.actualPurchases, fixture.holdoutPurchases.reduce(0, +))
        assertRelative(comparison.expectedPurchases, fixture.expectedPurchases.reduce(0, +), 1e-3, "total expected")
        XCTAssertEqual(comparison.groups.map(\.label), ["0", "1", "2", "3", "4", "5", "6", "7+"])
        XCTAssertEqual(comparison.groups.reduce(0) { $0 + $1.customers }, fixture.frequency.count)
        for group in comparison.groups {
            let members = fixture.frequency.indices.filter {
                group.label.hasSuffix("+") ? fixture.frequency[$0] >= 7 : "\(fixture.frequency[$0])" == group.label
            }
            XCTAssertEqual(group.customers, members.count, group.label)
            XCTAssertEqual(group.actualPurchases, members.reduce(0) { $0 + fixture.holdoutPurchases[$1] }, group.label)
            let expected = members.reduce(0.0) { $0 + fixture.expectedPurchases[$1] }
            XCTAssertEqual(group.expectedPurchases, expected, accuracy: 2e-3 * max(expected, 1), group.label)
        }
        // Heavier calibration buyers are expected to buy more in the holdout, and do.
        XCTAssertLessThan(comparison.groups[0].expectedPerCustomer, comparison.groups[7].expectedPerCustomer)
        XCTAssertLessThan(comparison.groups[0].actualPerCustomer, comparison.groups[7].actualPerCustomer)
    }

    func testMismatchedCountsThrow() {
        let bg = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
        let calibration = RFMSummary(
            unit: .week, rows: [RFMSummaryRow(customerID: "a", frequency: 1, recency: 2, T: 5)])
        XCTAssertThrowsError(
            try bg.compareHoldout(calibration: calibration, actualHoldoutPurchases: [], holdoutLength: .weeks(10)))
        XCTAssertThrowsError(
            try bg.compareHoldout(calibration: calibration, actualHoldoutPurchases: [-1], holdoutLength: .weeks(10)))
    }
}
