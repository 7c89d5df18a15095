import Foundation
import XCTest

@testable import Analytics

/// Pareto/NBD: the published CDNOW estimates and lifetimes' `ParetoNBDFitter` (fixtures
/// written by scripts/clv-reference/make_paretonbd_fixtures.py).
final class ParetoNBDFitTests: XCTestCase {
    /// Fader, Hardie & Lee (2005, "A note on implementing the Pareto/NBD model in MATLAB")
    /// on CDNOW weeks: r = 0.5534, α = 10.5802, s = 0.6061, β = 11.6685, LL = −9595.0.
    func testReproducesThePublishedCDNOWEstimates() throws {
        let fixture: ParetoNBDFixture = try Fixtures.load("cdnow_paretonbd")
        let fit = try ParetoNBDModel.fit(fixture.summary)
        let p = fit.parameters
        XCTAssertTrue(fit.converged)
        XCTAssertEqual(p.kind, .paretonbd)
        XCTAssertEqual(fit.customers, 2357)
        assertRelative(p.r, 0.5534, 1e-3, "r")
        assertRelative(p.alpha, 10.5802, 1e-3, "alpha")
        assertRelative(p.s, 0.6061, 1e-3, "s")
        assertRelative(p.beta, 11.6685, 1e-3, "beta")
        assertRelative(fit.logLikelihood, -9595.0, 1e-3, "log-likelihood")
    }

    func testMatchesLifetimesOnCDNOW() throws {
        let fixture: ParetoNBDFixture = try Fixtures.load("cdnow_paretonbd")
        try assertMatches(try ParetoNBDModel.fit(fixture.summary), fixture)
    }

    func testMatchesLifetimesOnSynthetic() throws {
        let fixture: ParetoNBDFixture = try Fixtures.load("synthetic_paretonbd")
        try assertMatches(try ParetoNBDModel.fit(fixture.summary), fixture)
    }

    /// lifetimes' Pareto/NBD penalises the total −Σ ln L: its c = 0.01 N (40 for 4,000
    /// customers) is crmwh's 0.01 on the mean, and both land on the same optimum.
    func testPenaltyConventionMatchesLifetimes() throws {
        let plain: ParetoNBDFixture = try Fixtures.load("synthetic_paretonbd")
        var fixture: ParetoNBDFixture = try Fixtures.load("synthetic_paretonbd_penalized")
        (fixture.frequency, fixture.recency, fixture.T) = (plain.frequency, plain.recency, plain.T)
        XCTAssertEqual(fixture.lifetimesPenalizerCoef / Double(fixture.customers), fixture.penalizer, accuracy: 1e-15)
        XCTAssertEqual(fixture.penalizer, 0.01, accuracy: 1e-15)
        let fit = try ParetoNBDModel.fit(fixture.summary, penalizer: fixture.penalizer)
        try assertMatches(fit, fixture)
        let unpenalized = try ParetoNBDModel.fit(fixture.summary)
        XCTAssertLessThan(fit.logLikelihood, unpenalized.logLikelihood)
        // The objective is the mean on the rescaled axis plus the penalty on rescaled parameters.
        let scale = 1 / (fixture.T ?? []).max()!
        let p = fit.parameters
        let rescaled = [p.r, p.alpha * scale, p.s, p.beta * scale]
        let meanLL = (fit.logLikelihood - Double((fixture.frequency ?? []).reduce(0, +)) * log(scale))
            / Double(fixture.customers)
        XCTAssertEqual(
            fit.objective, -meanLL + 0.01 * rescaled.reduce(0) { $0 + $1 * $1 }, accuracy: 1e-10)
    }

    /// P(X(t) = n) against lifetimes' conditional pmf at x = tₓ = T = 0 (a new customer).
    func testProbabilityOfPurchasesMatchesLifetimes() throws {
        for name in ["cdnow_paretonbd", "synthetic_paretonbd"] {
            let fixture: ParetoNBDFixture = try Fixtures.load(name)
            for case let expected in fixture.purchaseProbabilities {
                let value = fixture.model.probabilityOfPurchases(expected.n, t: expected.t)
                XCTAssertEqual(value, expected.value, accuracy: 1e-9, "\(name) P(X(\(expected.t)) = \(expected.n))")
            }
        }
    }

    func testTimeUnitChangesOnlyAlphaAndBeta() throws {
        let fixture: ParetoNBDFixture = try Fixtures.load("cdnow_paretonbd")
        let inWeeks = try ParetoNBDModel.fit(fixture.summary)
        let inDays = try ParetoNBDModel.fit(fixture.summary.converted(to: .day))
        assertRelative(inDays.parameters.alpha, 7 * inWeeks.parameters.alpha, 1e-5, "alpha")
        assertRelative(inDays.parameters.beta, 7 * inWeeks.parameters.beta, 1e-5, "beta")
        assertRelative(inDays.parameters.r, inWeeks.parameters.r, 1e-5, "r")
        assertRelative(inDays.parameters.s, inWeeks.parameters.s, 1e-5, "s")
        // ln L in days = ln L in weeks − Σx ln 7 (a density of purchase times).
        let repeatPurchases = Double((fixture.frequency ?? []).reduce(0, +))
        XCTAssertEqual(inDays.logLikelihood, inWeeks.logLikelihood - repeatPurchases * log(7), accuracy: 1e-4)
        XCTAssertEqual(
            inDays.parameters.converted(to: .week).probabilityAlive(frequency: 2, recency: 10, T: 30),
            inWeeks.parameters.probabilityAlive(frequency: 2, recency: 10, T: 30), accuracy: 1e-6)
    }

    func testFitSurvivesAJSONRoundTrip() throws {
        let fixture: ParetoNBDFixture = try Fixtures.load("cdnow_paretonbd")
        let fit = try ParetoNBDModel.fit(fixture.summary)
        XCTAssertEqual(try JSONDecoder().decode(ParetoNBDFit.self, from: JSONEncoder().encode(fit)), fit)
    }

    func testDegenerateInputsAreRefused() {
        XCTAssertThrowsError(try ParetoNBDModel.fit(RFMSummary(unit: .week, rows: []))) {
            XCTAssertEqual(($0 as? AnalyticsError)?.code, .emptyInput)
        }
        let oneTime = RFMSummary(
            unit: .week, rows: (0..<20).map { RFMSummaryRow(customerID: "c\($0)", frequency: 0, recency: 0, T: Double($0)) })
        XCTAssertThrowsError(try ParetoNBDModel.fit(oneTime)) {
            XCTAssertEqual(($0 as? AnalyticsError)?.code, .insufficientData)
        }
        let same = RFMSummary(
            unit: .week, rows: (0..<5).map { RFMSummaryRow(customerID: "c\($0)", frequency: 2, recency: 3, T: 9) })
        XCTAssertThrowsError(try ParetoNBDModel.fit(same)) {
            XCTAssertEqual(($0 as? AnalyticsError)?.code, .insufficientData)
        }
        XCTAssertNoThrow(try ParetoNBDModel.fit(same, penalizer: 0.1))
        let bad = RFMSummary(unit: .week, rows: [RFMSummaryRow(customerID: "x", frequency: 1, recency: 5, T: 2)])
        XCTAssertThrowsError(try ParetoNBDModel.fit(bad)) {
            XCTAssertEqual(($0 as? AnalyticsError)?.code, .invalidRow)
        }
    }

    /// No sign of dropout (every customer bought on the last day): the likelihood rises
    /// as the dropout rate s / β goes to 0. The fit still ends at finite parameters with
    /// finite predictions, P(alive) 1 for everyone, and says whether it converged.
    func testNoDropoutEndsOnTheBoundaryWithFinitePredictions() throws {
        let rows = (0..<120).map { i -> RFMSummaryRow in
            let T = Double(10 + i % 40)
            return RFMSummaryRow(customerID: "c\(i)", frequency: 1 + i % 9, recency: T, T: T)
        }
        let fit = try ParetoNBDModel.fit(RFMSummary(unit: .week, rows: rows))
        let p = fit.parameters
        XCTAssertTrue([p.r, p.alpha, p.s, p.beta].allSatisfy { $0.isFinite && $0 > 0 }, "\(p)")
        XCTAssertLessThan(p.s / p.beta, 1e-3, "\(p)")
        for row in rows.prefix(20) {
            XCTAssertEqual(p.probabilityAlive(row), 1)
            XCTAssertTrue(p.expectedPurchases(in: .weeks(52), for: row).isFinite)
        }
    }

    /// The acceptance: parameters to 1e-4 relative, the log-likelihood to 1e-6,
    /// P(alive) and expected purchases of every customer to 1e-6; at lifetimes' own
    /// parameters the formulas agree to 1e-9.
    private func assertMatches(
        _ fit: ParetoNBDFit, _ fixture: ParetoNBDFixture, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertTrue(fit.converged, fixture.name, file: file, line: line)
        let p = fit.parameters
        let q = fixture.params
        for (name, value, expected) in [("r", p.r, q.r), ("alpha", p.alpha, q.alpha), ("s", p.s, q.s), ("beta", p.beta, q.beta)] {
            assertRelative(value, expected, 1e-4, "\(fixture.name) \(name)", file: file, line: line)
        }
        // Unpenalised, ln L is stationary at the optimum and agrees to 1e-6 absolute; a penalised
        // optimum is not a maximum of ln L, which moves there with the optimisers' last digits
        // (both stop at per-customer gradients near 1e-9): 1e-6 relative.
        let tolerance = fixture.penalizer > 0 ? 1e-6 * abs(fixture.logLikelihood) : 1e-6
        XCTAssertEqual(fit.logLikelihood, fixture.logLikelihood, accuracy: tolerance, "\(fixture.name) LL", file: file, line: line)
        let reference = fixture.model
        XCTAssertEqual(
            reference.logLikelihood(fixture.summary), fixture.logLikelihood, accuracy: 1e-8,
            "\(fixture.name) LL at lifetimes' parameters", file: file, line: line)
        let (x, tx, T) = (fixture.frequency!, fixture.recency!, fixture.T!)
        var worst = (alive: 0.0, purchases: 0.0, fittedAlive: 0.0, fittedPurchases: 0.0)
        for i in x.indices {
            let alive = fixture.probabilityAlive[i]
            let purchases = fixture.expectedPurchases[i]
            worst.alive = max(worst.alive, abs(reference.probabilityAlive(frequency: x[i], recency: tx[i], T: T[i]) - alive))
            worst.fittedAlive = max(worst.fittedAlive, abs(p.probabilityAlive(frequency: x[i], recency: tx[i], T: T[i]) - alive))
            let scale = max(1, purchases)
            worst.purchases = max(
                worst.purchases,
                abs(reference.expectedPurchases(t: fixture.horizon, frequency: x[i], recency: tx[i], T: T[i]) - purchases) / scale)
            worst.fittedPurchases = max(
                worst.fittedPurchases,
                abs(p.expectedPurchases(t: fixture.horizon, frequency: x[i], recency: tx[i], T: T[i]) - purchases) / scale)
        }
        XCTAssertLessThan(worst.alive, 1e-9, "\(fixture.name) P(alive)", file: file, line: line)
        XCTAssertLessThan(worst.purchases, 1e-9, "\(fixture.name) expected purchases", file: file, line: line)
        XCTAssertLessThan(worst.fittedAlive, 1e-6, "\(fixture.name) P(alive) of the fit", file: file, line: line)
        XCTAssertLessThan(worst.fittedPurchases, 1e-6, "\(fixture.name) expected purchases of the fit", file: file, line: line)
        for (t, expected) in zip(fixture.populationT, fixture.populationExpectedPurchases) {
            assertRelative(
                reference.populationExpectedPurchases(t: t), expected, 1e-9, "\(fixture.name) E[X(\(t))]",
                file: file, line: line)
        }
    }
}
