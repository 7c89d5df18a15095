import XCTest

@testable import Analytics

private struct DiagnosticsFixture: Decodable {
    struct Model: Decodable {
        var params: BGNBDFixture.Params
        var periodTransactions: [Double]
        var recencies: [Double]
        var T: Double
        var probabilityAlive: [[Double?]]
        var expectedPurchases: [[Double?]]
        var cumulativeExpected: [Double]
    }

    var frequency: [Int]
    var recency: [Double]
    var T: [Double]
    var calibrationEnd: Int
    var holdoutEnd: Int
    var firstPurchases: [String: Int]
    var repeatPurchases: [String: Int]
    var periodEnds: [Int]
    var frequencies: [Int]
    var actualPeriodTransactions: [Int]
    var bgnbd: Model
    var mbgnbd: Model
}

/// The CLV diagnostics on CDNOW (weeks 1–39 calibrate, 40–78 hold out) against lifetimes
/// 0.11.3 (scripts/clv-reference/make_diagnostics_fixtures.py), at lifetimes' parameters.
final class CLVDiagnosticsReferenceTests: XCTestCase {
    private func models(_ fixture: DiagnosticsFixture) -> [(any PurchaseModel, DiagnosticsFixture.Model)] {
        let bg = fixture.bgnbd.params
        let mbg = fixture.mbgnbd.params
        return [
            (BGNBDParameters(r: bg.r, alpha: bg.alpha, a: bg.a, b: bg.b, unit: .week), fixture.bgnbd),
            (MBGNBDParameters(r: mbg.r, alpha: mbg.alpha, a: mbg.a, b: mbg.b, unit: .week), fixture.mbgnbd),
        ]
    }

    func testPeriodTransactionsAgainstLifetimesProbabilities() throws {
        let fixture: DiagnosticsFixture = try Fixtures.load("cdnow_diagnostics")
        let calibration = Fixtures.summary(frequency: fixture.frequency, recency: fixture.recency, T: fixture.T)
        for (model, reference) in models(fixture) {
            let check = PeriodTransactionsCheck.compute(model, calibration: calibration)
            XCTAssertEqual(check.groups.map(\.label), ["0", "1", "2", "3", "4", "5", "6", "7+"])
            XCTAssertEqual(check.groups.map(\.actualCustomers), fixture.actualPeriodTransactions)
            for (group, expected) in zip(check.groups, reference.periodTransactions) {
                assertRelative(group.expectedCustomers, expected, 1e-8, "\(model.kind) \(group.label)")
            }
            XCTAssertEqual(check.groups.reduce(0) { $0 + $1.expectedCustomers }, Double(fixture.frequency.count), accuracy: 1e-6)
        }
    }

    func testFrequencyRecencyMatricesAgainstLifetimes() throws {
        let fixture: DiagnosticsFixture = try Fixtures.load("cdnow_diagnostics")
        for (model, reference) in models(fixture) {
            let alive = FrequencyRecencyMatrix.compute(
                model, .probabilityAlive, frequencies: fixture.frequencies, recencies: reference.recencies,
                T: reference.T)
            let purchases = FrequencyRecencyMatrix.compute(
                model, .expectedPurchases(t: 39), frequencies: fixture.frequencies, recencies: reference.recencies,
                T: reference.T)
            for row in fixture.frequencies.indices {
                for column in reference.recencies.indices {
                    let label = "\(model.kind) x=\(fixture.frequencies[row]) column \(column)"
                    XCTAssertEqual(alive.values[row][column] == nil, reference.probabilityAlive[row][column] == nil, label)
                    if let value = alive.values[row][column], let expected = reference.probabilityAlive[row][column] {
                        XCTAssertEqual(value, expected, accuracy: 1e-9, label)
                    }
                    if let value = purchases.values[row][column], let expected = reference.expectedPurchases[row][column] {
                        assertRelative(value, expected, 1e-7, label)
                    }
                }
            }
        }
    }

    func testCumulativeRepeatPurchasesAgainstLifetimesExpectations() throws {
        let fixture: DiagnosticsFixture = try Fixtures.load("cdnow_diagnostics")
        let first = Dictionary(uniqueKeysWithValues: fixture.firstPurchases.map { (Int($0.key)!, $0.value) })
        let repeats = Dictionary(uniqueKeysWithValues: fixture.repeatPurchases.map { (Int($0.key)!, $0.value) })
        for (model, reference) in models(fixture) {
            let timeline = RepeatPurchaseTimeline.compute(
                model, firstPurchases: first, repeatPurchases: repeats, calibrationEnd: fixture.calibrationEnd,
                holdoutEnd: fixture.holdoutEnd)
            XCTAssertEqual(timeline.periods.map(\.lastDay), fixture.periodEnds)
            for (period, expected) in zip(timeline.periods, reference.cumulativeExpected) {
                assertRelative(period.cumulativeExpectedPurchases, expected, 1e-8, "\(model.kind) day \(period.lastDay)")
            }
            // Actual purchases: the calibration periods add up to the calibration frequencies.
            let calibration = timeline.periods.filter { !$0.isHoldout }
            XCTAssertEqual(calibration.last?.lastDay, fixture.calibrationEnd)
            XCTAssertEqual(calibration.last?.cumulativeActualPurchases, fixture.frequency.reduce(0, +))
            XCTAssertEqual(timeline.periods.last?.cumulativeActualPurchases, repeats.values.reduce(0, +))
            XCTAssertEqual(
                timeline.periods.reduce(0) { $0 + $1.expectedPurchases }, reference.cumulativeExpected.last!,
                accuracy: 1e-6)
        }
    }

    /// The holdout errors `clv fit --compare` ranks models by, on CDNOW at lifetimes'
    /// parameters, against lifetimes' per-customer predictions grouped here.
    func testHoldoutErrorsAgainstLifetimesPredictions() throws {
        struct Holdout: Decodable {
            var frequency: [Int]
            var recency: [Double]
            var T: [Double]
            var holdoutPurchases: [Int]
            var holdoutLength: Double
            var params: BGNBDFixture.Params
            var expectedPurchases: [Double]
        }
        for (name, makeModel) in [
            ("cdnow_holdout", { (p: BGNBDFixture.Params) -> any PurchaseModel in
                BGNBDParameters(r: p.r, alpha: p.alpha, a: p.a, b: p.b, unit: .week)
            }),
            ("cdnow_mbgnbd_holdout", { (p: BGNBDFixture.Params) -> any PurchaseModel in
                MBGNBDParameters(r: p.r, alpha: p.alpha, a: p.a, b: p.b, unit: .week)
            }),
        ] {
            let fixture: Holdout = try Fixtures.load(name)
            var expected = [Double](repeating: 0, count: 8)
            var actual = [Double](repeating: 0, count: 8)
            for i in fixture.frequency.indices {
                expected[min(fixture.frequency[i], 7)] += fixture.expectedPurchases[i]
                actual[min(fixture.frequency[i], 7)] += Double(fixture.holdoutPurchases[i])
            }
            let errors = zip(expected, actual).map { $0 - $1 }
            let check = try makeModel(fixture.params).compareHoldout(
                calibration: Fixtures.summary(frequency: fixture.frequency, recency: fixture.recency, T: fixture.T),
                actualHoldoutPurchases: fixture.holdoutPurchases, holdoutLength: .weeks(fixture.holdoutLength))
            // lifetimes' predictions are written to 6 decimals: 2,357 of them add up to a few 1e-4.
            XCTAssertEqual(check.groupMeanAbsoluteError, errors.map(abs).reduce(0, +) / 8, accuracy: 1e-3, name)
            XCTAssertEqual(
                check.groupRootMeanSquareError, (errors.map { $0 * $0 }.reduce(0, +) / 8).squareRoot(), accuracy: 1e-3, name)
            XCTAssertEqual(check.totalError, errors.reduce(0, +), accuracy: 1e-3, name)
        }
    }

    /// The errors of a holdout check, computed by hand from its groups.
    func testHoldoutErrors() {
        let groups = [
            HoldoutComparison.Group(label: "0", customers: 10, expectedPurchases: 4, actualPurchases: 1),
            HoldoutComparison.Group(label: "1+", customers: 5, expectedPurchases: 6, actualPurchases: 10),
        ]
        let check = HoldoutComparison(holdoutLength: .weeks(1), expectedPurchases: 10, actualPurchases: 11, groups: groups)
        XCTAssertEqual(check.totalError, -1)
        XCTAssertEqual(check.totalRelativeError!, -1.0 / 11, accuracy: 1e-15)
        XCTAssertEqual(check.groupMeanAbsoluteError, 3.5)  // (3 + 4) / 2
        XCTAssertEqual(check.groupRootMeanSquareError, (12.5 as Double).squareRoot(), accuracy: 1e-12)  // √((9 + 16) / 2)
    }
}
