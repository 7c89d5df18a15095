import Foundation
import XCTest

@testable import Analytics

/// The per-customer log-likelihood and P(X(t) = n) every purchase model offers.
final class PurchaseModelProtocolTests: XCTestCase {
    /// Σ ln L over CDNOW at lifetimes' parameters is lifetimes' log-likelihood.
    func testPerCustomerLogLikelihoodAddsUpToLifetimes() throws {
        let bg: BGNBDFixture = try Fixtures.load("cdnow_bgnbd")
        let bgModel = BGNBDParameters(r: bg.params.r, alpha: bg.params.alpha, a: bg.params.a, b: bg.params.b, unit: .week)
        XCTAssertEqual(bgModel.logLikelihood(Fixtures.summary(bg)), bg.logLikelihood, accuracy: 1e-8)
        let mbg: BGNBDFixture = try Fixtures.load("cdnow_mbgnbd")
        let mbgModel = MBGNBDParameters(
            r: mbg.params.r, alpha: mbg.params.alpha, a: mbg.params.a, b: mbg.params.b, unit: .week)
        XCTAssertEqual(mbgModel.logLikelihood(Fixtures.summary(mbg)), mbg.logLikelihood, accuracy: 1e-8)
    }

    /// P(X(t) = n) is a distribution over n whose mean is E[X(t)].
    func testProbabilitiesOfPurchasesSumToOneWithTheModelsMean() {
        let models: [any PurchaseModel] = [
            BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week),
            MBGNBDParameters(r: 0.525, alpha: 6.183, a: 0.891, b: 1.614, unit: .week),
        ]
        for model in models {
            for t in [0.5, 39, 78, 520] {
                var total = 0.0
                var mean = 0.0
                for n in 0...3000 {
                    let p = model.probabilityOfPurchases(n, t: t)
                    XCTAssertGreaterThanOrEqual(p, 0)
                    total += p
                    mean += Double(n) * p
                }
                XCTAssertEqual(total, 1, accuracy: 1e-10, "\(model.kind) t = \(t)")
                XCTAssertEqual(mean, model.populationExpectedPurchases(t: t), accuracy: 1e-8, "\(model.kind) t = \(t)")
            }
            XCTAssertEqual(model.probabilityOfPurchases(0, t: 0), 1)
            XCTAssertEqual(model.probabilityOfPurchases(2, t: 0), 0)
        }
    }

    func testModelNamesAcceptThePapersSpelling() {
        XCTAssertEqual(PurchaseModelKind(name: "bgnbd"), .bgnbd)
        XCTAssertEqual(PurchaseModelKind(name: "MBG/NBD"), .mbgnbd)
        XCTAssertEqual(PurchaseModelKind(name: "bg-nbd"), .bgnbd)
        XCTAssertNil(PurchaseModelKind(name: "nbd"))
    }
}
