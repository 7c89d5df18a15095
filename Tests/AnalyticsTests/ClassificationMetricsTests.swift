import XCTest

@testable import Analytics

/// AUC, log loss, Brier score and calibration groups on cases small enough to
/// work out by hand.
final class ClassificationMetricsTests: XCTestCase {
    func testAUCCountsEveryPositiveNegativePairAndTiesAsOneHalf() throws {
        // Positives 0.8, 0.4, 0.4; negatives 0.4, 0.2. Pairs (pos, neg):
        // 0.8>0.4 1, 0.8>0.2 1, 0.4=0.4 ½, 0.4>0.2 1, 0.4=0.4 ½, 0.4>0.2 1 → 5 of 6.
        let auc = ClassificationMetrics.auc([0.8, 0.4, 0.4, 0.4, 0.2], [true, true, true, false, false])
        XCTAssertEqual(try XCTUnwrap(auc), 5.0 / 6.0, accuracy: 1e-15)
        // All predictions equal: every pair is a tie.
        XCTAssertEqual(ClassificationMetrics.auc([0.3, 0.3, 0.3], [true, false, false]), 0.5)
        // Perfect and reversed ranking.
        XCTAssertEqual(ClassificationMetrics.auc([0.9, 0.8, 0.1], [true, true, false]), 1)
        XCTAssertEqual(ClassificationMetrics.auc([0.1, 0.8, 0.9], [true, false, false]), 0)
        // The order of the rows does not matter.
        XCTAssertEqual(
            ClassificationMetrics.auc([0.2, 0.4, 0.8, 0.4, 0.4], [false, false, true, true, true]), auc)
    }

    func testAUCNeedsBothClasses() {
        XCTAssertNil(ClassificationMetrics.auc([0.2, 0.9], [true, true]))
        XCTAssertNil(ClassificationMetrics.auc([0.2, 0.9], [false, false]))
        XCTAssertNil(ClassificationMetrics.auc([], []))
    }

    func testLogLossAndBrierScore() throws {
        // −(ln 0.8 + ln(1 − 0.4) + ln 0.5) / 3 and ((0.2)² + (0.4)² + (0.5)²) / 3.
        let p = [0.8, 0.4, 0.5], y = [true, false, true]
        let expected = -(log(0.8) + log(0.6) + log(0.5)) / 3
        XCTAssertEqual(try XCTUnwrap(ClassificationMetrics.logLoss(p, y)), expected, accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(ClassificationMetrics.brierScore(p, y)), (0.04 + 0.16 + 0.25) / 3, accuracy: 1e-15)
        // A certain miss is clipped at 1e-15, not infinite: −ln(1e-15) = 34.538…
        XCTAssertEqual(try XCTUnwrap(ClassificationMetrics.logLoss([0], [true])), -log(1e-15), accuracy: 1e-9)
        XCTAssertNil(ClassificationMetrics.logLoss([], []))
    }

    func testDecilesOfTwentyDistinctPredictionsHoldTwoEach() {
        // 0.01 … 0.20; positives at 0.02, 0.10, 0.19, 0.20.
        let p = (1...20).map { Double($0) / 100 }
        let y = (1...20).map { [2, 10, 19, 20].contains($0) }
        let groups = ClassificationMetrics.calibration(p, y)
        XCTAssertEqual(groups.map(\.group), Array(1...10))
        XCTAssertEqual(groups.map(\.rows), Array(repeating: 2, count: 10))
        XCTAssertEqual(groups.map(\.positives), [1, 0, 0, 0, 1, 0, 0, 0, 0, 2])
        XCTAssertEqual(groups[0].meanPredicted, 0.015, accuracy: 1e-15)
        XCTAssertEqual(groups[9].meanPredicted, 0.195, accuracy: 1e-15)
        XCTAssertEqual(groups[9].observedRate, 1)
        XCTAssertEqual(groups[4].minPredicted, 0.09)
        XCTAssertEqual(groups[4].maxPredicted, 0.10)
    }

    func testEqualPredictionsShareADecile() {
        // Ten rows: 0.1 ×2, 0.3 ×5, 0.7 ×3. Rows strictly below: 0 → decile 1;
        // 2 → decile 1 + ⌊10·2/10⌋ = 3; 7 → decile 8. Deciles 2, 4–7, 9, 10 are empty.
        let p = [0.3, 0.1, 0.7, 0.3, 0.3, 0.1, 0.7, 0.3, 0.3, 0.7]
        let y = [true, false, true, false, false, false, true, true, false, false]
        let groups = ClassificationMetrics.calibration(p, y)
        XCTAssertEqual(groups.map(\.group), [1, 3, 8])
        XCTAssertEqual(groups.map(\.rows), [2, 5, 3])
        XCTAssertEqual(groups.map(\.positives), [0, 2, 2])
        XCTAssertEqual(groups[1].observedRate, 0.4, accuracy: 1e-15)
    }

    func testPredictionAccuracyBundlesTheMeasuresAndTheBaseRate() throws {
        let p = [0.8, 0.4, 0.5, 0.1], y = [true, false, true, false]
        let accuracy = PredictionAccuracy(predictions: p, outcomes: y)
        XCTAssertEqual(accuracy.rows, 4)
        XCTAssertEqual(accuracy.positives, 2)
        XCTAssertEqual(accuracy.auc, 1)
        XCTAssertEqual(accuracy.baseRate, 0.5)
        XCTAssertEqual(accuracy.baseRateLogLoss, log(2), accuracy: 1e-15)
        XCTAssertLessThan(accuracy.logLoss, accuracy.baseRateLogLoss)
        // Codable round trip keeps the groups' figures.
        let data = try JSONEncoder().encode(accuracy)
        XCTAssertEqual(try JSONDecoder().decode(PredictionAccuracy.self, from: data).calibration, accuracy.calibration)
    }
}
