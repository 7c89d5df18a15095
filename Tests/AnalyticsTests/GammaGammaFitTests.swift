import XCTest

@testable import Analytics

final class GammaGammaFitTests: XCTestCase {
    private func rows(_ f: GammaGammaFixture) -> [RFMSummaryRow] {
        Fixtures.summary(frequency: f.frequency, recency: f.recency, T: f.T, monetary: f.monetary).rows
    }

    /// Fader & Hardie, note 025: p = 6.25, q = 3.74, γ = 15.44 on the CDNOW repeat buyers.
    func testReproducesPublishedCDNOWEstimates() throws {
        let fixture: GammaGammaFixture = try Fixtures.load("cdnow_gammagamma")
        let fit = try GammaGammaModel.fit(rows(fixture))
        XCTAssertTrue(fit.converged)
        XCTAssertEqual(fit.parameters.p, 6.25, accuracy: 0.005)
        XCTAssertEqual(fit.parameters.q, 3.74, accuracy: 0.005)
        XCTAssertEqual(fit.parameters.v, 15.44, accuracy: 0.01)
        XCTAssertEqual(fit.customers, 946)
        XCTAssertEqual(fit.excludedCustomers, 0)
    }

    func testMatchesLifetimes() throws {
        for name in ["cdnow_gammagamma", "synthetic_gammagamma"] {
            let fixture: GammaGammaFixture = try Fixtures.load(name)
            let fit = try GammaGammaModel.fit(rows(fixture))
            XCTAssertTrue(fit.converged, name)
            assertRelative(fit.parameters.p, fixture.params.p, 1e-3, "\(name) p")
            assertRelative(fit.parameters.q, fixture.params.q, 1e-3, "\(name) q")
            assertRelative(fit.parameters.v, fixture.params.v, 1e-3, "\(name) v")
            XCTAssertEqual(fit.logLikelihood, fixture.logLikelihood, accuracy: 0.01, name)
            XCTAssertEqual(
                try XCTUnwrap(fit.frequencyMonetaryCorrelation), fixture.frequencyMonetaryCorrelation, accuracy: 1e-9)
            for i in fixture.frequency.indices {
                let value = fit.expectedAverageValue(frequency: fixture.frequency[i], monetary: fixture.monetary[i])
                assertRelative(value, fixture.expectedAverageValue[i], 1e-3, "\(name) E[Z] customer \(i)")
            }
        }
    }

    func testExpectedValueShrinksTowardsPopulationMean() throws {
        let gg = GammaGammaParameters(p: 6.25, q: 3.74, v: 15.44)
        let population = try XCTUnwrap(gg.populationMeanValue)
        XCTAssertEqual(gg.expectedAverageValue(frequency: 0, monetary: 0), population, accuracy: 1e-12)
        // More purchases put more weight on the customer's own mean.
        let few = gg.expectedAverageValue(frequency: 1, monetary: 100)
        let many = gg.expectedAverageValue(frequency: 20, monetary: 100)
        XCTAssertTrue(population < few && few < many && many < 100)
        XCTAssertNil(GammaGammaParameters(p: 1, q: 0.9, v: 1).populationMeanValue)
    }

    func testRepeatBuyersWithoutSpendAreExcludedAndCounted() throws {
        let fixture: GammaGammaFixture = try Fixtures.load("cdnow_gammagamma")
        var input = rows(fixture)
        input.append(RFMSummaryRow(customerID: "free", frequency: 2, recency: 3, T: 10, monetary: 0))
        let fit = try GammaGammaModel.fit(input)
        XCTAssertEqual(fit.excludedCustomers, 1)
        XCTAssertEqual(fit.customers, 946)
    }
}
