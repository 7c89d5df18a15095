import Foundation
import XCTest

@testable import Analytics

/// MBG/NBD against lifetimes 0.11.3 `ModifiedBetaGeoFitter` (fixtures written by
/// scripts/clv-reference/make_mbgnbd_fixtures.py) and 50-digit mpmath likelihoods.
final class MBGNBDFitTests: XCTestCase {
    /// lifetimes' MBG/NBD on CDNOW (2,357 customers, weeks): r = 0.525, α = 6.183,
    /// a = 0.891, b = 1.614, LL = −9582.13 (BG/NBD: −9582.43 with one parameter fewer free at x = 0).
    func testMatchesLifetimesOnCDNOW() throws {
        let fixture: BGNBDFixture = try Fixtures.load("cdnow_mbgnbd")
        let fit = try MBGNBDModel.fit(Fixtures.summary(fixture))
        XCTAssertEqual(fit.parameters.kind, .mbgnbd)
        XCTAssertEqual(fit.parameters.r, 0.525, accuracy: 0.0005)
        XCTAssertEqual(fit.parameters.alpha, 6.183, accuracy: 0.0005)
        XCTAssertEqual(fit.parameters.a, 0.891, accuracy: 0.0005)
        XCTAssertEqual(fit.parameters.b, 1.614, accuracy: 0.0005)
        XCTAssertEqual(fit.customers, 2357)
        try assertMatches(fit, fixture)
    }

    func testMatchesLifetimesOnSyntheticWithAndWithoutPenalizer() throws {
        let fixture: BGNBDFixture = try Fixtures.load("synthetic_mbgnbd")
        let summary = Fixtures.summary(fixture)
        let fit = try MBGNBDModel.fit(summary)
        try assertMatches(fit, fixture)

        var penalized: BGNBDFixture = try Fixtures.load("synthetic_mbgnbd_penalized")
        (penalized.frequency, penalized.recency, penalized.T) = (fixture.frequency, fixture.recency, fixture.T)
        let penalizedFit = try MBGNBDModel.fit(summary, penalizer: penalized.penalizer)
        XCTAssertEqual(penalizedFit.penalizer, 0.01)
        try assertMatches(penalizedFit, penalized)
        XCTAssertLessThan(penalizedFit.logLikelihood, fit.logLikelihood)
    }

    /// The point of the model: a one-time buyer may have left. BG/NBD says 1 whatever
    /// the time since; MBG/NBD's P(alive) is below 1 and falls as T grows.
    func testOneTimeBuyersAreNotCertainlyAlive() throws {
        let fixture: BGNBDFixture = try Fixtures.load("cdnow_mbgnbd")
        let p = try MBGNBDModel.fit(Fixtures.summary(fixture)).parameters
        let bg = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
        var previous = 1.0
        for T in [0.0, 1, 10, 39, 104, 520] {
            XCTAssertEqual(bg.probabilityAlive(frequency: 0, recency: 0, T: T), 1)
            let alive = p.probabilityAlive(frequency: 0, recency: 0, T: T)
            // 1 / (1 + a / b · ((α + T) / α)^r), written out.
            let byHand = 1 / (1 + p.a / p.b * pow((p.alpha + T) / p.alpha, p.r))
            XCTAssertEqual(alive, byHand, accuracy: 1e-14)
            XCTAssertLessThan(alive, 1)
            XCTAssertLessThan(alive, previous)
            previous = alive
        }
        // Among CDNOW's one-time buyers (T 27–39 weeks), lifetimes' values agree.
        let x = fixture.frequency!
        let zero = x.indices.filter { x[$0] == 0 }
        XCTAssertGreaterThan(zero.count, 1000)
        XCTAssertTrue(zero.allSatisfy { fixture.probabilityAlive[$0] < 0.7 })
    }

    /// E[Y(t)] = P(alive) · E[Y(t) | alive]: what the batch scoring relies on.
    func testExpectationFactorsThroughPAlive() throws {
        let p = MBGNBDParameters(r: 0.525, alpha: 6.183, a: 0.891, b: 1.614, unit: .week)
        for (x, tx, T) in [(0, 0.0, 30.0), (1, 2.0, 38.0), (7, 29.4, 35.7), (40, 50.0, 52.0)] {
            let times = [4.345, 26, 52, 520]
            let ifAlive = p.expectedPurchasesIfAlive(at: times, frequency: x, T: T)
            for (t, curve) in zip(times, ifAlive) {
                let whole = p.expectedPurchases(t: t, frequency: x, recency: tx, T: T)
                XCTAssertEqual(whole, curve * p.probabilityAlive(frequency: x, recency: tx, T: T), accuracy: 1e-12 * whole)
            }
        }
        // E[X(t)] of a new customer is the conditional expectation at x = tₓ = T = 0.
        XCTAssertEqual(
            p.populationExpectedPurchases(t: 52), p.expectedPurchases(t: 52, frequency: 0, recency: 0, T: 0))
    }

    func testFitSurvivesAJSONRoundTrip() throws {
        let fixture: BGNBDFixture = try Fixtures.load("cdnow_mbgnbd")
        let fit = try MBGNBDModel.fit(Fixtures.summary(fixture))
        let decoded = try JSONDecoder().decode(MBGNBDFit.self, from: JSONEncoder().encode(fit))
        XCTAssertEqual(decoded, fit)
        XCTAssertEqual(decoded.unit, .week)
    }

    /// Days and weeks give the same model: only α changes, by 7.
    func testTimeUnitChangesOnlyAlpha() throws {
        let fixture: BGNBDFixture = try Fixtures.load("cdnow_mbgnbd")
        let weeks = Fixtures.summary(fixture)
        let inWeeks = try MBGNBDModel.fit(weeks)
        let inDays = try MBGNBDModel.fit(weeks.converted(to: .day))
        assertRelative(inDays.parameters.alpha, 7 * inWeeks.parameters.alpha, 1e-5, "alpha")
        assertRelative(inDays.parameters.r, inWeeks.parameters.r, 1e-5, "r")
        assertRelative(inDays.parameters.b, inWeeks.parameters.b, 1e-5, "b")
        XCTAssertEqual(
            inDays.parameters.converted(to: .week).probabilityAlive(frequency: 0, recency: 0, T: 30),
            inWeeks.parameters.probabilityAlive(frequency: 0, recency: 0, T: 30), accuracy: 1e-6)
    }

    func testNoRepeatBuyerIsRefused() {
        let summary = RFMSummary(
            unit: .week, rows: (0..<20).map { RFMSummaryRow(customerID: "c\($0)", frequency: 0, recency: 0, T: Double($0)) })
        XCTAssertThrowsError(try MBGNBDModel.fit(summary)) {
            XCTAssertEqual(($0 as? AnalyticsError)?.code, .insufficientData)
        }
    }

    private func assertMatches(
        _ fit: MBGNBDFit, _ fixture: BGNBDFixture, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertTrue(fit.converged, fixture.name, file: file, line: line)
        let p = fit.parameters
        assertRelative(p.r, fixture.params.r, 1e-4, "\(fixture.name) r", file: file, line: line)
        assertRelative(p.alpha, fixture.params.alpha, 1e-4, "\(fixture.name) alpha", file: file, line: line)
        assertRelative(p.a, fixture.params.a, 1e-4, "\(fixture.name) a", file: file, line: line)
        assertRelative(p.b, fixture.params.b, 1e-4, "\(fixture.name) b", file: file, line: line)
        // Unpenalised, ln L is stationary at the optimum: 1e-6 absolute. A penalised optimum is
        // not a maximum of ln L, which moves there with the optimisers' last digits: 1e-6 relative.
        let tolerance = fixture.penalizer > 0 ? 1e-6 * abs(fixture.logLikelihood) : 1e-6
        XCTAssertEqual(fit.logLikelihood, fixture.logLikelihood, accuracy: tolerance, "\(fixture.name) LL", file: file, line: line)
        // Predictions at lifetimes' own parameters, so they test the formulas, not the optimiser.
        let reference = MBGNBDParameters(
            r: fixture.params.r, alpha: fixture.params.alpha, a: fixture.params.a, b: fixture.params.b, unit: .week)
        let (x, tx, T) = (fixture.frequency!, fixture.recency!, fixture.T!)
        var worstAlive = 0.0
        var worstPurchases = 0.0
        var worstFitted = 0.0
        var worstFittedPurchases = 0.0
        for i in x.indices {
            worstAlive = max(
                worstAlive, abs(reference.probabilityAlive(frequency: x[i], recency: tx[i], T: T[i]) - fixture.probabilityAlive[i]))
            let expected = reference.expectedPurchases(t: fixture.horizon, frequency: x[i], recency: tx[i], T: T[i])
            worstPurchases = max(worstPurchases, abs(expected - fixture.expectedPurchases[i]) / max(1e-3, fixture.expectedPurchases[i]))
            worstFitted = max(
                worstFitted, abs(fit.probabilityAlive(frequency: x[i], recency: tx[i], T: T[i]) - fixture.probabilityAlive[i]))
            let fitted = fit.expectedPurchases(t: fixture.horizon, frequency: x[i], recency: tx[i], T: T[i])
            worstFittedPurchases = max(
                worstFittedPurchases, abs(fitted - fixture.expectedPurchases[i]) / max(1, fixture.expectedPurchases[i]))
        }
        XCTAssertLessThan(worstAlive, 1e-9, "\(fixture.name) P(alive)", file: file, line: line)
        XCTAssertLessThan(worstPurchases, 1e-8, "\(fixture.name) conditional expected purchases", file: file, line: line)
        // The acceptance: the fit's own P(alive) and expected purchases to 1e-6.
        XCTAssertLessThan(worstFitted, 1e-6, "\(fixture.name) P(alive) of the fit", file: file, line: line)
        XCTAssertLessThan(
            worstFittedPurchases, 1e-6, "\(fixture.name) expected purchases of the fit", file: file, line: line)
        for (t, expected) in zip(fixture.populationT, fixture.populationExpectedPurchases) {
            assertRelative(
                reference.populationExpectedPurchases(t: t), expected, 1e-9, "\(fixture.name) E[X(\(t))]", file: file, line: line)
        }
    }
}

/// The MBG/NBD likelihood row by row against 50-digit values of the paper's formula.
final class MBGNBDLikelihoodTests: XCTestCase {
    private struct Reference: Decodable {
        struct Row: Decodable {
            var frequency: Int
            var recency, T: Double
            var logLikelihood: String
        }
        var params: BGNBDFixture.Params
        var rows: [Row]
    }

    func testAgreesWithHighPrecisionValues() throws {
        let reference: Reference = try Fixtures.load("likelihood_reference_mbgnbd")
        let p = reference.params
        for row in reference.rows {
            let single = BGNBDLikelihood(
                rows: [RFMSummaryRow(customerID: "c", frequency: row.frequency, recency: row.recency, T: row.T)],
                timeScale: 1, modified: true)
            let value = single.logLikelihood(r: p.r, alpha: p.alpha, a: p.a, b: p.b).value
            XCTAssertEqual(value, try XCTUnwrap(Double(row.logLikelihood)), accuracy: 1e-11, "MBG/NBD \(row)")
        }
    }

    func testAnalyticGradientsMatchFiniteDifferences() throws {
        let fixture: BGNBDFixture = try Fixtures.load("cdnow_mbgnbd")
        let likelihood = BGNBDLikelihood(rows: Fixtures.summary(fixture).rows, timeScale: 1 / 38.86, modified: true)
        let at = [0.5, 0.16, 0.9, 1.6]
        let analytic = likelihood.logLikelihood(r: at[0], alpha: at[1], a: at[2], b: at[3]).gradient
        for k in 0..<4 {
            let h = 1e-6 * at[k]
            var up = at
            var down = at
            up[k] += h
            down[k] -= h
            let numeric =
                (likelihood.logLikelihood(r: up[0], alpha: up[1], a: up[2], b: up[3]).value
                    - likelihood.logLikelihood(r: down[0], alpha: down[1], a: down[2], b: down[3]).value) / (2 * h)
            assertRelative(analytic[k], numeric, 1e-6, "MBG/NBD ∂/∂θ\(k)")
        }
    }
}
