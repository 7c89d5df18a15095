import XCTest

@testable import Analytics

final class BGNBDFitTests: XCTestCase {
    /// Fader, Hardie & Lee (2005), table in section 5: r = 0.243, α = 4.414, a = 0.793,
    /// b = 2.426, LL = −9582.4 on the CDNOW cohort (2357 customers, weeks).
    func testReproducesPublishedCDNOWEstimates() throws {
        let fixture: BGNBDFixture = try Fixtures.load("cdnow_bgnbd")
        let fit = try BGNBDModel.fit(Fixtures.summary(fixture))
        XCTAssertTrue(fit.converged)
        XCTAssertEqual(fit.parameters.r, 0.243, accuracy: 0.0005)
        XCTAssertEqual(fit.parameters.alpha, 4.414, accuracy: 0.0005)
        XCTAssertEqual(fit.parameters.a, 0.793, accuracy: 0.0005)
        XCTAssertEqual(fit.parameters.b, 2.426, accuracy: 0.0005)
        XCTAssertEqual(fit.logLikelihood, -9582.4, accuracy: 0.05)
        XCTAssertEqual(fit.customers, 2357)
        XCTAssertLessThan(fit.distinctRows, fit.customers)
        XCTAssertEqual(fit.unit, .week)
    }

    func testMatchesLifetimesOnCDNOWAndSynthetic() throws {
        for name in ["cdnow_bgnbd", "synthetic_bgnbd"] {
            let fixture: BGNBDFixture = try Fixtures.load(name)
            let fit = try BGNBDModel.fit(Fixtures.summary(fixture))
            try assertMatches(fit, fixture)
        }
    }

    func testPenalizedFitMatchesLifetimesConvention() throws {
        let inputs: BGNBDFixture = try Fixtures.load("synthetic_bgnbd")
        let fixture: BGNBDFixture = try Fixtures.load("synthetic_bgnbd_penalized")
        let fit = try BGNBDModel.fit(Fixtures.summary(inputs), penalizer: fixture.penalizer)
        XCTAssertEqual(fit.penalizer, 0.01)
        var withInputs = fixture
        (withInputs.frequency, withInputs.recency, withInputs.T) = (inputs.frequency, inputs.recency, inputs.T)
        try assertMatches(fit, withInputs)
        // The penalty pulls the optimum away from the MLE: lower likelihood than unpenalised.
        XCTAssertLessThan(fit.logLikelihood, inputs.logLikelihood)
    }

    /// `clv fit` stores the fit and `clv score` reads it back: the round trip must keep it whole.
    func testFitSurvivesAJSONRoundTrip() throws {
        let fixture: BGNBDFixture = try Fixtures.load("cdnow_bgnbd")
        let fit = try BGNBDModel.fit(Fixtures.summary(fixture))
        let decoded = try JSONDecoder().decode(BGNBDFit.self, from: JSONEncoder().encode(fit))
        XCTAssertEqual(decoded, fit)
        XCTAssertEqual(decoded.unit, .week)
        XCTAssertEqual(
            decoded.expectedPurchases(t: 39, frequency: 2, recency: 30.43, T: 38.86),
            fit.expectedPurchases(t: 39, frequency: 2, recency: 30.43, T: 38.86))
    }

    private func assertMatches(
        _ fit: BGNBDFit, _ fixture: BGNBDFixture, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertTrue(fit.converged, fixture.name, file: file, line: line)
        let p = fit.parameters
        assertRelative(p.r, fixture.params.r, 1e-3, "\(fixture.name) r", file: file, line: line)
        assertRelative(p.alpha, fixture.params.alpha, 1e-3, "\(fixture.name) alpha", file: file, line: line)
        assertRelative(p.a, fixture.params.a, 1e-3, "\(fixture.name) a", file: file, line: line)
        assertRelative(p.b, fixture.params.b, 1e-3, "\(fixture.name) b", file: file, line: line)
        XCTAssertEqual(
            fit.logLikelihood, fixture.logLikelihood, accuracy: 0.01, "\(fixture.name) LL", file: file, line: line)
        let (x, tx, T) = (fixture.frequency!, fixture.recency!, fixture.T!)
        var worstAlive = 0.0
        var worstPurchases = 0.0
        for i in x.indices {
            worstAlive = max(
                worstAlive,
                abs(fit.probabilityAlive(frequency: x[i], recency: tx[i], T: T[i]) - fixture.probabilityAlive[i]))
            let expected = fit.expectedPurchases(t: fixture.horizon, frequency: x[i], recency: tx[i], T: T[i])
            worstPurchases = max(
                worstPurchases, abs(expected - fixture.expectedPurchases[i]) / max(1e-3, fixture.expectedPurchases[i]))
        }
        XCTAssertLessThan(worstAlive, 1e-3, "\(fixture.name) P(alive)", file: file, line: line)
        XCTAssertLessThan(
            worstPurchases, 5e-3, "\(fixture.name) conditional expected purchases", file: file, line: line)
        for (t, expected) in zip(fixture.populationT, fixture.populationExpectedPurchases) {
            assertRelative(
                fit.populationExpectedPurchases(t: t), expected, 3e-3, "\(fixture.name) E[X(\(t))]", file: file,
                line: line)
        }
    }
}

final class SubsampleSearchTests: XCTestCase {
    /// Large inputs search on a subsample and polish on all rows; the optimum must be
    /// the same as searching on all rows throughout.
    func testSubsampleSearchReachesTheFullOptimum() throws {
        let fixture: BGNBDFixture = try Fixtures.load("synthetic_bgnbd")
        let summary = Fixtures.summary(fixture)
        let full = try BGNBDModel.fit(summary, penalizer: 0, explorationRows: 1_000_000)
        let sampled = try BGNBDModel.fit(summary, penalizer: 0, explorationRows: 300)
        XCTAssertTrue(sampled.converged)
        XCTAssertEqual(sampled.logLikelihood, full.logLikelihood, accuracy: 1e-6)
        assertRelative(sampled.parameters.r, full.parameters.r, 1e-5, "r")
        assertRelative(sampled.parameters.alpha, full.parameters.alpha, 1e-5, "alpha")
        assertRelative(sampled.parameters.a, full.parameters.a, 1e-5, "a")
        assertRelative(sampled.parameters.b, full.parameters.b, 1e-5, "b")

        let spend: GammaGammaFixture = try Fixtures.load("synthetic_gammagamma")
        let rows = Fixtures.summary(
            frequency: spend.frequency, recency: spend.recency, T: spend.T, monetary: spend.monetary
        ).rows
        let ggFull = try GammaGammaModel.fit(rows, penalizer: 0, explorationRows: 1_000_000)
        let ggSampled = try GammaGammaModel.fit(rows, penalizer: 0, explorationRows: 300)
        XCTAssertTrue(ggSampled.converged)
        XCTAssertEqual(ggSampled.logLikelihood, ggFull.logLikelihood, accuracy: 1e-6)
        assertRelative(ggSampled.parameters.p, ggFull.parameters.p, 1e-5, "p")
        assertRelative(ggSampled.parameters.v, ggFull.parameters.v, 1e-5, "v")
    }
}
