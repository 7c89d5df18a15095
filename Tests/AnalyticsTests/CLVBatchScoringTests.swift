import XCTest

@testable import Analytics

/// Scoring a whole summary shares one horizon curve per (x, T) and runs on all
/// cores; it must give exactly what scoring each customer alone gives.
final class CLVBatchScoringTests: XCTestCase {
    func testBatchEqualsCustomerByCustomer() throws {
        let calculator = try CLVCalculator(
            bgnbd: BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week),
            gammaGamma: GammaGammaParameters(p: 6.25, q: 3.74, v: 15.44), horizonMonths: 18,
            discountRate: .annual(0.1), margin: 0.4)
        // 20,000 customers on few (x, T) pairs with many recencies: enough to run in parallel.
        var rows: [RFMSummaryRow] = []
        for i in 0..<20_000 {
            let frequency = i % 7
            let T = Double(10 + i % 23)
            let recency = frequency == 0 ? 0 : T * Double(i % 11) / 10
            rows.append(RFMSummaryRow(customerID: "C\(i)", frequency: frequency, recency: recency, T: T, monetary: Double(frequency) * 3.5))
        }
        let batch = try calculator.score(RFMSummary(unit: .week, rows: rows))
        XCTAssertEqual(batch.count, rows.count)
        for (row, value) in zip(rows, batch) {
            let single = try calculator.score(row)
            XCTAssertEqual(value.customerID, row.customerID)
            XCTAssertEqual(value.probabilityAlive, single.probabilityAlive, accuracy: 1e-15)
            XCTAssertEqual(value.expectedPurchases, single.expectedPurchases, accuracy: 1e-12 * single.expectedPurchases)
            XCTAssertEqual(value.clv, single.clv, accuracy: 1e-12 * single.clv)
        }
    }

    func testInvalidRowIsNamed() throws {
        let calculator = try CLVCalculator(
            bgnbd: BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week),
            gammaGamma: GammaGammaParameters(p: 6.25, q: 3.74, v: 15.44))
        let rows = [
            RFMSummaryRow(customerID: "ok", frequency: 1, recency: 2, T: 5, monetary: 3),
            RFMSummaryRow(customerID: "bad", frequency: 1, recency: 9, T: 5, monetary: 3),
        ]
        XCTAssertThrowsError(try calculator.score(RFMSummary(unit: .week, rows: rows))) { error in
            XCTAssertEqual((error as? AnalyticsError)?.code, .invalidRow)
            XCTAssertTrue("\(error)".contains("bad"))
        }
    }
}
