import XCTest

@testable import Analytics

final class HypergeometricTests: XCTestCase {
    /// 50-digit mpmath values (scripts/clv-reference/make_fixtures.py).
    func testAgreesWithMpmath() throws {
        let cases: [HypergeometricCase] = try Fixtures.load("hyp2f1_reference")
        XCTAssertGreaterThan(cases.count, 20)
        for c in cases {
            let expected = try XCTUnwrap(Double(c.value))
            let actual = Hypergeometric2F1.value(a: c.a, b: c.b, c: c.c, z: c.z)
            assertRelative(actual, expected, 1e-11, "2F1(\(c.a), \(c.b); \(c.c); \(c.z))")
        }
    }

    func testClosedForms() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z) / z, on both sides of 0 and near 1.
        for z in [-5.0, -0.7, 0.3, 0.95, 0.9999] {
            assertRelative(Hypergeometric2F1.value(a: 1, b: 1, c: 2, z: z), -log1p(-z) / z, 1e-12, "z = \(z)")
        }
        // ₂F₁(a, b; b; z) = (1 − z)^(−a).
        assertRelative(Hypergeometric2F1.value(a: 0.4, b: 1.7, c: 1.7, z: 0.97), pow(0.03, -0.4), 1e-11, "(1 − z)^−a")
        // Gauss's sum at z = 1: Γ(c)Γ(c − a − b) / (Γ(c − a)Γ(c − b)).
        let gauss = tgamma(3.5) * tgamma(1.0) / (tgamma(2.0) * tgamma(2.5))
        assertRelative(Hypergeometric2F1.value(a: 1.5, b: 1, c: 3.5, z: 1), gauss, 1e-12, "Gauss")
        // A terminating series: ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b + 1)z²/(c(c + 1)).
        for z in [4.0, -4.0] {
            let linear: Double = 2 * 3 * z / 5
            let quadratic: Double = 3 * 4 * z * z / 30
            XCTAssertEqual(Hypergeometric2F1.value(a: -2, b: 3, c: 5, z: z), 1 - linear + quadratic, accuracy: 1e-12)
        }
    }

    func testUndefinedArgumentsAreNaN() {
        XCTAssertTrue(Hypergeometric2F1.value(a: 1, b: 1, c: 2, z: 1.5).isNaN)
        XCTAssertTrue(Hypergeometric2F1.value(a: 1, b: 1, c: -2, z: 0.5).isNaN)
        XCTAssertTrue(Hypergeometric2F1.value(a: 1, b: 1, c: 1.5, z: 1).isNaN)  // divergent at z = 1
    }

    /// E[X(t)] (eq. 9) from the mpmath ₂F₁ values against the model's Euler-series form.
    func testPopulationExpectationAgreesWithHighPrecisionHypergeometric() throws {
        let cases: [HypergeometricCase] = try Fixtures.load("hyp2f1_reference")
        let model = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
        var checked = 0
        for t in [1.0, 39, 78, 520, 5200] {
            let z = t / (model.alpha + t)
            guard
                let c = cases.first(where: { $0.a == model.r && $0.c == model.a + model.b - 1 && abs($0.z - z) < 1e-15 }
                )
            else { continue }
            let f = try XCTUnwrap(Double(c.value))
            let expected =
                (model.a + model.b - 1) / (model.a - 1) * (1 - pow(model.alpha / (model.alpha + t), model.r) * f)
            assertRelative(model.populationExpectedPurchases(t: t), expected, 1e-10, "E[X(\(t))]")
            checked += 1
        }
        XCTAssertEqual(checked, 5)
    }

    /// The numerator of eq. 10 from mpmath ₂F₁(r + x, b + x; a + b + x − 1; z), x up to 120.
    func testConditionalExpectationAgreesWithHighPrecisionHypergeometric() throws {
        let cases: [HypergeometricCase] = try Fixtures.load("hyp2f1_reference")
        let model = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
        for (x, T) in [(1, 38.0), (10, 30.0), (50, 39.0), (120, 20.0)] {
            let xd = Double(x)
            let c = try XCTUnwrap(
                cases.first { abs($0.a - (model.r + xd)) < 1e-12 && abs($0.c - (model.a + model.b + xd - 1)) < 1e-12 })
            let f = try XCTUnwrap(Double(c.value))
            let t = 39.0
            let alive =
                (model.a + model.b + xd - 1) / (model.a - 1)
                * (1 - pow((model.alpha + T) / (model.alpha + T + t), model.r + xd) * f)
            assertRelative(model.expectedPurchasesIfAlive(t: t, frequency: x, T: T), alive, 1e-10, "x = \(x)")
        }
    }

    /// Near a = 1 eq. 9 is 0/0; the Euler-series form stays continuous.
    func testExpectationIsContinuousAtAEqualsOne() {
        func model(_ a: Double) -> BGNBDParameters { BGNBDParameters(r: 0.5, alpha: 3, a: a, b: 2, unit: .week) }
        let atOne = model(1).populationExpectedPurchases(t: 52)
        XCTAssertTrue(atOne.isFinite && atOne > 0)
        XCTAssertEqual(model(1 - 1e-7).populationExpectedPurchases(t: 52), atOne, accuracy: 1e-5 * atOne)
        XCTAssertEqual(model(1 + 1e-7).populationExpectedPurchases(t: 52), atOne, accuracy: 1e-5 * atOne)
    }

    func testDigamma() {
        let eulerGamma = 0.57721566490153286
        XCTAssertEqual(SpecialFunctions.digamma(1), -eulerGamma, accuracy: 1e-14)
        XCTAssertEqual(SpecialFunctions.digamma(0.5), -eulerGamma - 2 * log(2.0), accuracy: 1e-14)
        // ψ(x + 1) = ψ(x) + 1/x.
        XCTAssertEqual(SpecialFunctions.digamma(7.3), SpecialFunctions.digamma(6.3) + 1 / 6.3, accuracy: 1e-14)
        XCTAssertEqual(SpecialFunctions.digamma(1e-3), SpecialFunctions.digamma(1.001) - 1 / 1e-3, accuracy: 1e-10)
    }
}

final class HorizonBatchTests: XCTestCase {
    /// The one-pass evaluation at many horizons equals horizon-by-horizon evaluation.
    func testBatchEqualsSingleHorizons() {
        let model = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, unit: .week)
        let times = (0...24).map { Double($0) * 4.345 } + [3000]
        for (x, tx, T) in [(0, 0.0, 30.0), (1, 2.0, 38.0), (12, 35.0, 39.0), (80, 5.0, 70.0)] {
            let batch = model.expectedPurchases(at: times, frequency: x, recency: tx, T: T)
            for (t, value) in zip(times, batch) {
                let single = model.expectedPurchases(t: t, frequency: x, recency: tx, T: T)
                XCTAssertEqual(value, single, accuracy: 1e-12 * max(1, single), "x \(x) t \(t)")
            }
        }
    }
}
