import Foundation
import XCTest

@testable import Analytics

/// The Pareto/NBD formulas on extreme customers and parameters, against 50-digit
/// mpmath values of Fader & Hardie's closed forms (paretonbd_reference.json).
final class ParetoNBDNumericsTests: XCTestCase {
    /// Both branches (α ≥ β, α < β), ratios up to 1,000, s = 1, and customers with
    /// x up to 3,000, tₓ = T, tₓ = 0, T of a hundredth of a week.
    func testLikelihoodAndPAliveMatchMpmath() throws {
        let sets: [ParetoNBDReference] = try Fixtures.load("paretonbd_reference")
        XCTAssertEqual(sets.count, 5)
        for set in sets {
            let model = set.model
            for c in set.customers {
                let what = "\(set.name) x=\(c.frequency) tx=\(c.recency) T=\(c.T)"
                let ll = model.logLikelihood(frequency: c.frequency, recency: c.recency, T: c.T)
                let expectedLL = try XCTUnwrap(Double(c.logLikelihood))
                XCTAssertEqual(ll, expectedLL, accuracy: 1e-11 * max(1, abs(expectedLL)), what)
                let alive = model.probabilityAlive(frequency: c.frequency, recency: c.recency, T: c.T)
                let expectedAlive = try XCTUnwrap(Double(c.probabilityAlive))
                XCTAssertEqual(alive, expectedAlive, accuracy: 1e-11, what)
                if c.recency == c.T { XCTAssertEqual(alive, 1, what) }
            }
        }
    }

    func testProbabilityOfPurchasesMatchesTheClosedForm() throws {
        let sets: [ParetoNBDReference] = try Fixtures.load("paretonbd_reference")
        for set in sets {
            for p in set.purchaseProbabilities {
                let expected = try XCTUnwrap(Double(p.value))
                let value = set.model.probabilityOfPurchases(p.n, t: p.t)
                XCTAssertEqual(value, expected, accuracy: 1e-10 + 1e-8 * expected, "\(set.name) P(X(\(p.t)) = \(p.n))")
            }
        }
    }

    /// P(Y(t) = n | x, tₓ, T) against lifetimes' closed form (note 028), on both sides of α = β.
    func testConditionalProbabilityOfPurchasesMatchesLifetimes() throws {
        let sets: [ParetoNBDConditionalFixture] = try Fixtures.load("paretonbd_conditional")
        for set in sets {
            let p = set.params
            let model = ParetoNBDParameters(r: p.r, alpha: p.alpha, s: p.s, beta: p.beta, unit: .week)
            for c in set.cases {
                let value = model.conditionalProbabilityOfPurchases(
                    c.n, t: c.t, frequency: c.frequency, recency: c.recency, T: c.T)
                XCTAssertEqual(value, c.value, accuracy: 1e-9, "\(p.alpha) n=\(c.n) t=\(c.t) x=\(c.frequency) tx=\(c.recency)")
            }
        }
    }

    /// P(X(t) = n) is a distribution over n with mean E[X(t)], on both branches.
    func testProbabilitiesOfPurchasesSumToOneWithTheModelsMean() {
        for model in [
            ParetoNBDParameters(r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6685, unit: .week),
            ParetoNBDParameters(r: 0.8, alpha: 15, s: 1.3, beta: 4, unit: .week),
        ] {
            for t in [0.5, 39, 156] {
                var total = 0.0
                var mean = 0.0
                for n in 0...400 {
                    let p = model.probabilityOfPurchases(n, t: t)
                    total += p
                    mean += Double(n) * p
                }
                XCTAssertEqual(total, 1, accuracy: 1e-9, "t = \(t)")
                XCTAssertEqual(mean, model.populationExpectedPurchases(t: t), accuracy: 1e-7, "t = \(t)")
            }
        }
    }

    /// Extreme customers stay finite and ordered: a huge x seen at T is alive, seen long
    /// ago is not; a one-time buyer's P(alive) falls with T; a tiny T keeps P(alive) near 1.
    func testExtremeCustomersStayFiniteAndOrdered() {
        let model = ParetoNBDParameters(r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6685, unit: .week)
        XCTAssertEqual(model.probabilityAlive(frequency: 10_000, recency: 100, T: 100), 1)
        let gone = model.probabilityAlive(frequency: 10_000, recency: 50, T: 100)
        XCTAssertGreaterThanOrEqual(gone, 0)
        XCTAssertLessThan(gone, 1e-100)
        XCTAssertTrue(model.logLikelihood(frequency: 10_000, recency: 50, T: 100).isFinite)
        XCTAssertEqual(model.expectedPurchases(t: 52, frequency: 10_000, recency: 50, T: 100), 0, accuracy: 1e-100)
        XCTAssertGreaterThan(model.expectedPurchases(t: 52, frequency: 10_000, recency: 100, T: 100), 1000)
        var previous = 1.0
        for T in [0.0, 0.001, 1, 10, 100, 1000, 100_000] {
            let alive = model.probabilityAlive(frequency: 0, recency: 0, T: T)
            XCTAssertLessThanOrEqual(alive, previous, "T = \(T)")
            XCTAssertTrue(alive.isFinite && alive > 0)
            previous = alive
        }
        XCTAssertGreaterThan(model.probabilityAlive(frequency: 1, recency: 0, T: 1e-6), 0.999_999)
        // α / β = 10⁴ and its inverse: z = |α − β| / (max + t) close to 1.
        for p in [
            ParetoNBDParameters(r: 0.4, alpha: 20_000, s: 0.7, beta: 2, unit: .week),
            ParetoNBDParameters(r: 0.4, alpha: 2, s: 0.7, beta: 20_000, unit: .week),
        ] {
            let ll = p.logLikelihood(frequency: 3, recency: 0, T: 52)
            XCTAssertTrue(ll.isFinite)
            let alive = p.probabilityAlive(frequency: 3, recency: 0, T: 52)
            XCTAssertTrue(alive > 0 && alive < 1)
        }
    }

    /// E[Y(t)] = P(alive) · E[Y(t) | alive] and E[X(t)] at s = 1 (the limit ln(1 + t/β) r β / α).
    func testExpectationsFactorAndHaveTheirLimits() {
        let p = ParetoNBDParameters(r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6685, unit: .week)
        for (x, tx, T) in [(0, 0.0, 30.0), (1, 2.0, 38.0), (7, 29.4, 35.7), (40, 50.0, 52.0)] {
            let times = [4.345, 26, 52, 520]
            let ifAlive = p.expectedPurchasesIfAlive(at: times, frequency: x, T: T)
            for (t, curve) in zip(times, ifAlive) {
                let whole = p.expectedPurchases(t: t, frequency: x, recency: tx, T: T)
                XCTAssertEqual(whole, curve * p.probabilityAlive(frequency: x, recency: tx, T: T), accuracy: 1e-12 * whole)
            }
        }
        XCTAssertEqual(p.populationExpectedPurchases(t: 52), p.expectedPurchases(t: 52, frequency: 0, recency: 0, T: 0))
        let one = ParetoNBDParameters(r: 0.6, alpha: 8, s: 1, beta: 9, unit: .week)
        XCTAssertEqual(one.populationExpectedPurchases(t: 52), 0.6 * 9 / 8 * log(1 + 52.0 / 9), accuracy: 1e-13)
        let near = ParetoNBDParameters(r: 0.6, alpha: 8, s: 1 + 1e-9, beta: 9, unit: .week)
        XCTAssertEqual(near.populationExpectedPurchases(t: 52), one.populationExpectedPurchases(t: 52), accuracy: 1e-8)
    }

    /// The analytic gradient of the grouped likelihood against central differences, on
    /// both branches and on customers with tₓ = T, tₓ = 0 and large x.
    func testGradientMatchesFiniteDifferences() {
        let rows = [
            RFMSummaryRow(customerID: "a", frequency: 0, recency: 0, T: 0.9),
            RFMSummaryRow(customerID: "b", frequency: 2, recency: 0.5, T: 1),
            RFMSummaryRow(customerID: "c", frequency: 7, recency: 0.7, T: 0.7),
            RFMSummaryRow(customerID: "d", frequency: 60, recency: 0.95, T: 1),
            RFMSummaryRow(customerID: "e", frequency: 3, recency: 0, T: 0.4),
            RFMSummaryRow(customerID: "f", frequency: 1, recency: 0.001, T: 0.002),
        ]
        let likelihood = ParetoNBDLikelihood(rows: rows, timeScale: 1)
        for point in [[0.55, 0.27, 0.61, 0.30], [0.8, 0.9, 1.3, 0.2], [1.5, 0.01, 0.9, 8.0], [0.6, 0.3, 1.0, 0.3]] {
            let analytic = likelihood.logLikelihood(r: point[0], alpha: point[1], s: point[2], beta: point[3]).gradient
            for k in 0..<4 {
                let h = 1e-6 * point[k]
                var up = point
                var down = point
                up[k] += h
                down[k] -= h
                let f = { (p: [Double]) in likelihood.logLikelihood(r: p[0], alpha: p[1], s: p[2], beta: p[3]).value }
                let numeric = (f(up) - f(down)) / (2 * h)
                XCTAssertEqual(analytic[k], numeric, accuracy: 1e-6 * max(1, abs(numeric)), "\(point) ∂\(k)")
            }
        }
    }
}

/// The two evaluations of G(z) = ₂F₁(1, e; 1 + k; z) agree where both work.
final class ParetoNBDSeriesTests: XCTestCase {
    func testConnectionToOneMinusZAgreesWithThePowerSeries() throws {
        for (e, c) in [(1.6061, 2.16), (1.6061, 10.16), (3.45, 4.95), (0.9, 2.3), (1.2, 1.9)] {
            for z in [0.991, 0.995, 0.999] {
                let near = try XCTUnwrap(ParetoNBDDropoutIntegral.logNearOne(e: e, c: c, z: z), "e=\(e) c=\(c) z=\(z)")
                let series = ParetoNBDDropoutIntegral.series(e: e, c: c, z: z).logValue
                XCTAssertEqual(near, series, accuracy: 1e-11, "e=\(e) c=\(c) z=\(z)")
            }
        }
        // d = c − 1 − e an integer: the poles cancel, so the power series stays in charge.
        XCTAssertNil(ParetoNBDDropoutIntegral.logNearOne(e: 1.5, c: 4.5, z: 0.999))
    }

    /// A fit where β ran off (α/β of 10⁸): P(alive) and ln L of a customer last seen
    /// before T stay finite, with z = 1 − 10⁻⁸.
    func testPredictionsStayFiniteWhenBetaRunsOff() {
        let p = ParetoNBDParameters(r: 3.45, alpha: 18, s: 3.6e-5, beta: 5.8e9, unit: .week)
        let alive = p.probabilityAlive(frequency: 3, recency: 10, T: 40)
        XCTAssertTrue(alive > 0.99 && alive <= 1, "\(alive)")
        XCTAssertTrue(p.logLikelihood(frequency: 3, recency: 10, T: 40).isFinite)
        XCTAssertTrue(p.probabilityAlive(frequency: 0, recency: 0, T: 40).isFinite)
    }
}
