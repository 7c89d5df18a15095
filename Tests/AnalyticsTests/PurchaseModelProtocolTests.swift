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

    /// P(Y(t) = n | x, tₓ, T) is a distribution over n whose mean is E[Y(t) | x, tₓ, T],
    /// and at x = tₓ = T = 0 it is P(X(t) = n).
    func testConditionalProbabilitiesSumToOneWithTheConditionalMean() {
        let models: [any PurchaseModel] = [
            BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week),
            MBGNBDParameters(r: 0.525, alpha: 6.183, a: 0.891, b: 1.614, unit: .week),
            ParetoNBDParameters(r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6685, unit: .week),
        ]
        for model in models {
            for (x, tx, T) in [(0, 0.0, 30.0), (2, 30.43, 38.86), (7, 29.43, 35.71), (1, 1.71, 38.86), (20, 50.0, 52.0)] {
                for t in [4.0, 39, 104] {
                    var total = 0.0
                    var mean = 0.0
                    for n in 0...600 {
                        let p = model.conditionalProbabilityOfPurchases(n, t: t, frequency: x, recency: tx, T: T)
                        XCTAssertGreaterThanOrEqual(p, 0)
                        total += p
                        mean += Double(n) * p
                    }
                    let what = "\(model.kind) x=\(x) tx=\(tx) T=\(T) t=\(t)"
                    XCTAssertEqual(total, 1, accuracy: 1e-9, what)
                    XCTAssertEqual(
                        mean, model.expectedPurchases(t: t, frequency: x, recency: tx, T: T), accuracy: 1e-7, what)
                }
            }
            XCTAssertEqual(
                model.conditionalProbabilityOfPurchases(2, t: 39, frequency: 0, recency: 0, T: 0),
                model.probabilityOfPurchases(2, t: 39), accuracy: 1e-14)
        }
    }

    func testModelNamesAcceptThePapersSpelling() {
        XCTAssertEqual(PurchaseModelKind(name: "bgnbd"), .bgnbd)
        XCTAssertEqual(PurchaseModelKind(name: "MBG/NBD"), .mbgnbd)
        XCTAssertEqual(PurchaseModelKind(name: "bg-nbd"), .bgnbd)
        XCTAssertNil(PurchaseModelKind(name: "nbd"))
    }
}
