import XCTest

@testable import Analytics

final class DegenerateInputTests: XCTestCase {
    private func code(_ body: () throws -> Any) -> AnalyticsError.Code? {
        do {
            _ = try body()
            return nil
        } catch let error as AnalyticsError {
            return error.code
        } catch {
            return nil
        }
    }

    private func row(_ id: String, _ x: Int, _ tx: Double, _ T: Double, _ m: Double = 0) -> RFMSummaryRow {
        RFMSummaryRow(customerID: id, frequency: x, recency: tx, T: T, monetary: m)
    }

    func testEmptyInputThrows() {
        XCTAssertEqual(code { try BGNBDModel.fit(RFMSummary(unit: .week, rows: [])) }, .emptyInput)
        XCTAssertEqual(code { try GammaGammaModel.fit([]) }, .emptyInput)
    }

    func testNoRepeatBuyersThrows() {
        let rows = (0..<50).map { row("c\($0)", 0, 0, Double($0 % 7 + 1)) }
        XCTAssertEqual(code { try BGNBDModel.fit(RFMSummary(unit: .week, rows: rows)) }, .insufficientData)
        XCTAssertEqual(code { try GammaGammaModel.fit(rows) }, .insufficientData)
    }

    func testOneCustomerOrIdenticalCustomersThrowWithoutPenalizer() throws {
        let one = RFMSummary(unit: .week, rows: [row("a", 2, 10, 20, 30)])
        XCTAssertEqual(code { try BGNBDModel.fit(one) }, .insufficientData)
        XCTAssertEqual(code { try GammaGammaModel.fit(one.rows) }, .insufficientData)
        let same = RFMSummary(unit: .week, rows: (0..<100).map { row("c\($0)", 2, 10, 20, 30) })
        XCTAssertEqual(code { try BGNBDModel.fit(same) }, .insufficientData)
        // A penalty makes the problem well posed: the fit returns finite parameters and predictions.
        let penalized = try BGNBDModel.fit(same, penalizer: 0.1)
        XCTAssertTrue(penalized.parameters.isFinitePositive)
        XCTAssertEqual(penalized.distinctRows, 1)
        let alive = penalized.probabilityAlive(frequency: 2, recency: 10, T: 20)
        XCTAssertTrue(alive > 0 && alive <= 1)
        XCTAssertTrue(penalized.expectedPurchases(t: 52, frequency: 2, recency: 10, T: 20).isFinite)
    }

    /// Nobody seems to drop out (every repeat buyer bought at the end of the period): the
    /// optimum lies at the boundary (a → 0 or b → ∞), but the fit and its predictions
    /// stay finite, and tiny inputs report non-convergence instead of returning NaN.
    func testBoundaryOptimaStayFinite() throws {
        let rows = (0..<300).map { i -> RFMSummaryRow in
            let T = Double(10 + i % 40)
            return row("c\(i)", i % 5, i % 5 == 0 ? 0 : T, T)
        }
        let fit = try BGNBDModel.fit(RFMSummary(unit: .week, rows: rows))
        XCTAssertTrue(fit.parameters.isFinitePositive)
        XCTAssertLessThan(fit.parameters.a / (fit.parameters.a + fit.parameters.b), 1e-3, "mean dropout near 0")
        XCTAssertGreaterThan(fit.probabilityAlive(frequency: 3, recency: 20, T: 20), 0.99)
        XCTAssertTrue(fit.expectedPurchases(t: 52, frequency: 3, recency: 20, T: 20).isFinite)

        let two = RFMSummary(unit: .week, rows: [row("a", 1, 5, 10), row("b", 0, 0, 10)])
        let tiny = try BGNBDModel.fit(two)
        XCTAssertTrue(tiny.parameters.isFinitePositive)
        XCTAssertTrue(tiny.logLikelihood.isFinite)
    }

    func testAllZeroAgesThrow() {
        let rows = [row("a", 0, 0, 0), row("b", 0, 0, 0)]
        XCTAssertEqual(code { try BGNBDModel.fit(RFMSummary(unit: .day, rows: rows)) }, .insufficientData)
    }

    func testInvalidRowsAreRejectedWithTheCustomer() {
        let bad = [
            row("negative", -1, 0, 5), row("late", 2, 6, 5), row("nan", 1, .nan, 5),
            row("ghost", 0, 3, 5), row("refund", 1, 1, 5, -3),
        ]
        for r in bad {
            XCTAssertThrowsError(try r.validate()) {
                let error = $0 as? AnalyticsError
                XCTAssertEqual(error?.code, .invalidRow)
                XCTAssertTrue(error?.message.contains(r.customerID) ?? false)
            }
            let rows = [row("ok", 1, 2, 5), row("ok2", 0, 0, 3), r]
            XCTAssertEqual(code { try BGNBDModel.fit(RFMSummary(unit: .week, rows: rows)) }, .invalidRow)
        }
        XCTAssertEqual(
            code { try BGNBDModel.fit(RFMSummary(unit: .week, rows: [row("a", 1, 2, 5)]), penalizer: -1) },
            .mismatchedInput)
    }

    /// Extreme but valid histories must still give finite numbers in [0, ...).
    func testPredictionsStayFiniteAtExtremes() throws {
        let bg = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
        let gg = GammaGammaParameters(p: 6.25, q: 3.74, v: 15.44)
        let calculator = try CLVCalculator(bgnbd: bg, gammaGamma: gg, horizonMonths: 120)
        let extremes = [
            row("new today", 0, 0, 0), row("heavy, gone", 400, 0.01, 500, 1e6),
            row("heavy, active", 400, 500, 500, 12.5),
            row("ancient", 1, 1, 1e5, 3), row("tiny", 1, 1e-9, 1e-9, 0.01),
        ]
        for r in extremes {
            let value = try calculator.score(r)
            XCTAssertTrue(value.probabilityAlive >= 0 && value.probabilityAlive <= 1, r.customerID)
            XCTAssertTrue(value.expectedPurchases >= 0 && value.expectedPurchases.isFinite, r.customerID)
            XCTAssertTrue(value.clv >= 0 && value.clv.isFinite, r.customerID)
        }
        // A very long horizon takes the 1 − z transformation path; E[X(t)] keeps growing.
        let year = bg.populationExpectedPurchases(t: 52)
        let century = bg.populationExpectedPurchases(t: 5200)
        let longer = bg.populationExpectedPurchases(t: 52_000_000)
        XCTAssertTrue(year < century && century < longer && longer.isFinite)
    }
}
