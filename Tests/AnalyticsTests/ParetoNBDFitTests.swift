import Foundation
import XCTest

@testable import Analytics

/// Pareto/NBD: the published CDNOW estimates, lifetimes' `ParetoNBDFitter` (fixtures
/// written by scripts/clv-reference/make_paretonbd_fixtures.py) and extreme customers.
final class ParetoNBDFitTests: XCTestCase {
    /// Fader, Hardie & Lee (2005, "A note on implementing the Pareto/NBD model in MATLAB")
    /// on CDNOW weeks: r = 0.5534, α = 10.5802, s = 0.6061, β = 11.6685, LL = −9595.0.
    func testReproducesThePublishedCDNOWEstimates() throws {
        let fixture: BGNBDFixture = try Fixtures.load("cdnow_bgnbd")
        let fit = try ParetoNBDModel.fit(Fixtures.summary(fixture))
        let p = fit.parameters
        XCTAssertTrue(fit.converged)
        XCTAssertEqual(p.kind, .paretonbd)
        assertRelative(p.r, 0.5534, 1e-3, "r")
        assertRelative(p.alpha, 10.5802, 1e-3, "alpha")
        assertRelative(p.s, 0.6061, 1e-3, "s")
        assertRelative(p.beta, 11.6685, 1e-3, "beta")
        assertRelative(fit.logLikelihood, -9595.0, 1e-3, "log-likelihood")
        print("CDNOW Pareto/NBD", p, fit.logLikelihood, fit.iterations, fit.functionEvaluations, fit.gradientNorm)
    }
}
