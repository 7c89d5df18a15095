import XCTest

@testable import Analytics

final class LikelihoodTests: XCTestCase {
    /// Per-row ln L of BG/NBD (paper eq. 6) and Gamma-Gamma against 50-digit mpmath values.
    func testAgreesWithHighPrecisionValues() throws {
        let reference: LikelihoodReference = try Fixtures.load("likelihood_reference")
        let p = reference.bgnbdParams
        for row in reference.bgnbd {
            let single = BGNBDLikelihood(
                rows: [RFMSummaryRow(customerID: "c", frequency: row.frequency, recency: row.recency, T: row.T)],
                timeScale: 1)
            let value = single.logLikelihood(r: p.r, alpha: p.alpha, a: p.a, b: p.b).value
            XCTAssertEqual(value, try XCTUnwrap(Double(row.logLikelihood)), accuracy: 1e-11, "BG/NBD \(row)")
        }
        let g = reference.gammaGammaParams
        for row in reference.gammaGamma {
            let single = GammaGammaLikelihood(rows: [
                RFMSummaryRow(customerID: "c", frequency: row.frequency, recency: 1, T: 2, monetary: row.monetary)
            ])
            let value = single.logLikelihood(p: g.p, q: g.q, v: g.v).value
            XCTAssertEqual(value, try XCTUnwrap(Double(row.logLikelihood)), accuracy: 1e-10, "Gamma-Gamma \(row)")
        }
    }

    func testGroupedRowsEqualTheSumOfSingleRows() throws {
        let reference: LikelihoodReference = try Fixtures.load("likelihood_reference")
        let p = reference.bgnbdParams
        var rows: [RFMSummaryRow] = []
        var expected = 0.0
        for (i, row) in reference.bgnbd.enumerated() {
            for copy in 0..<(i + 1) {
                rows.append(
                    RFMSummaryRow(customerID: "\(i)-\(copy)", frequency: row.frequency, recency: row.recency, T: row.T))
            }
            expected += Double(i + 1) * (try XCTUnwrap(Double(row.logLikelihood)))
        }
        let grouped = BGNBDLikelihood(rows: rows, timeScale: 1)
        XCTAssertEqual(grouped.distinctRows, reference.bgnbd.count)
        XCTAssertEqual(grouped.customers, Double(rows.count))
        XCTAssertEqual(grouped.logLikelihood(r: p.r, alpha: p.alpha, a: p.a, b: p.b).value, expected, accuracy: 1e-9)
    }

    func testAnalyticGradientsMatchFiniteDifferences() throws {
        let fixture: BGNBDFixture = try Fixtures.load("cdnow_bgnbd")
        let bg = BGNBDLikelihood(rows: Fixtures.summary(fixture).rows, timeScale: 1 / 38.86)
        let at = [0.3, 0.12, 0.7, 2.1]
        let analytic = bg.logLikelihood(r: at[0], alpha: at[1], a: at[2], b: at[3]).gradient
        for k in 0..<4 {
            let h = 1e-6 * at[k]
            var up = at
            var down = at
            up[k] += h
            down[k] -= h
            let numeric =
                (bg.logLikelihood(r: up[0], alpha: up[1], a: up[2], b: up[3]).value
                    - bg.logLikelihood(r: down[0], alpha: down[1], a: down[2], b: down[3]).value) / (2 * h)
            assertRelative(analytic[k], numeric, 1e-6, "BG/NBD ∂/∂θ\(k)")
        }
        let gFixture: GammaGammaFixture = try Fixtures.load("cdnow_gammagamma")
        let gg = GammaGammaLikelihood(
            rows: Fixtures.summary(
                frequency: gFixture.frequency, recency: gFixture.recency, T: gFixture.T, monetary: gFixture.monetary
            ).rows)
        let gAt = [5.0, 3.0, 12.0]
        let gAnalytic = gg.logLikelihood(p: gAt[0], q: gAt[1], v: gAt[2]).gradient
        for k in 0..<3 {
            let h = 1e-6 * gAt[k]
            var up = gAt
            var down = gAt
            up[k] += h
            down[k] -= h
            let numeric =
                (gg.logLikelihood(p: up[0], q: up[1], v: up[2]).value
                    - gg.logLikelihood(p: down[0], q: down[1], v: down[2]).value) / (2 * h)
            assertRelative(gAnalytic[k], numeric, 1e-6, "Gamma-Gamma ∂/∂θ\(k)")
        }
    }
}
