import XCTest

@testable import Analytics

/// What the logistic regression refuses, and what it does at the edges.
final class LogisticRegressionTests: XCTestCase {
    func testOneClassOnlyIsRefused() {
        let x = FeatureMatrix(names: ["a"], values: [1, 2, 3])
        XCTAssertThrowsError(try LogisticRegression.fit(x, labels: [true, true, true], penalty: 1)) { error in
            XCTAssertEqual((error as? AnalyticsError)?.code, .insufficientData)
        }
    }

    func testMismatchedLabelsAndNegativePenaltyAreRefused() {
        let x = FeatureMatrix(names: ["a"], values: [1, 2, 3])
        XCTAssertThrowsError(try LogisticRegression.fit(x, labels: [true, false], penalty: 1))
        XCTAssertThrowsError(try LogisticRegression.fit(x, labels: [true, false, true], penalty: -1))
        XCTAssertThrowsError(try LogisticRegression.fit(FeatureMatrix(names: ["a"]), labels: [], penalty: 1)) { error in
            XCTAssertEqual((error as? AnalyticsError)?.code, .emptyInput)
        }
    }

    func testCollinearFeaturesNeedAPenalty() throws {
        // b = 2a: without a penalty the Hessian is singular; with one the
        // penalty splits the effect between the two (β_b = 2 β_a on this scale
        // because both standardise to the same column: equal coefficients).
        let a: [Double] = [0, 1, 2, 3, 4, 5, 6, 7]
        let x = FeatureMatrix(names: ["a", "b"], values: a.flatMap { [$0, 2 * $0] })
        let labels = [false, false, true, false, true, false, true, true]
        XCTAssertThrowsError(try LogisticModel.fit(x, labels: labels, penalty: 0)) { error in
            XCTAssertEqual((error as? AnalyticsError)?.code, .insufficientData)
        }
        let model = try LogisticModel.fit(x, labels: labels, penalty: 1)
        XCTAssertTrue(model.fit.converged)
        XCTAssertEqual(model.fit.coefficients[0], model.fit.coefficients[1], accuracy: 1e-9)
    }

    func testSeparableDataStaysFiniteWithAPenalty() throws {
        let x = FeatureMatrix(names: ["a"], values: [-3, -2, -1, 1, 2, 3])
        let model = try LogisticModel.fit(x, labels: [false, false, false, true, true, true], penalty: 0.5)
        XCTAssertTrue(model.fit.converged)
        XCTAssertTrue(model.fit.coefficients[0].isFinite)
        XCTAssertGreaterThan(model.fit.coefficients[0], 0)
        // At the optimum the gradient vanishes: Σ(p − y) = 0 for the unpenalised intercept.
        let p = model.probabilities(x)
        XCTAssertEqual(p.reduce(0, +), 3, accuracy: 1e-8)
    }

    func testWithoutFeaturesTheInterceptIsTheLogOddsOfTheBaseRate() throws {
        let x = FeatureMatrix(names: ["constant"], values: [1, 1, 1, 1, 1])
        let model = try LogisticModel.fit(x, labels: [true, false, false, false, true], penalty: 1)
        XCTAssertEqual(model.constantFeatures, ["constant"])
        XCTAssertEqual(model.scaling.names, [])
        XCTAssertEqual(model.fit.intercept, log(0.4 / 0.6), accuracy: 1e-12)
        for p in model.probabilities(x) { XCTAssertEqual(p, 0.4, accuracy: 1e-12, "every row the base rate") }
    }

    func testTheSameDataGiveTheSameBits() throws {
        // Rows summed in fixed blocks: the result does not depend on threads.
        var values: [Double] = []
        var labels: [Bool] = []
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<20_000 {
            let a = next(), b = next()
            values += [a, b]
            labels.append(next() < 1 / (1 + exp(-(2 * a - b))))
        }
        let x = FeatureMatrix(names: ["a", "b"], values: values)
        let first = try LogisticModel.fit(x, labels: labels, penalty: 1)
        let second = try LogisticModel.fit(x, labels: labels, penalty: 1)
        XCTAssertEqual(first, second)
    }
}

/// Faster paths to the same optimum: a sampled Hessian and a warm start.
final class LogisticShortcutTests: XCTestCase {
    static func population(_ n: Int) -> (FeatureMatrix, [Bool]) {
        var values: [Double] = []
        var labels: [Bool] = []
        var state: UInt64 = 7
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<n {
            let a = next(), b = next(), c = next() < 0.3 ? 1.0 : 0.0
            values += [a, b * 10, c]
            labels.append(next() < 1 / (1 + exp(-(-2 + 2 * a - 0.1 * b + c))))
        }
        return (FeatureMatrix(names: ["a", "b", "c"], values: values), labels)
    }

    func testASampledHessianReachesTheSameOptimum() throws {
        let (x, labels) = Self.population(30_000)
        let full = try LogisticModel.fit(x, labels: labels, penalty: 1)
        let sampled = try LogisticModel.fit(
            x, labels: labels, penalty: 1, options: LogisticRegression.Options(hessianRows: 1_000))
        XCTAssertTrue(sampled.fit.converged)
        XCTAssertEqual(sampled.fit.intercept, full.fit.intercept, accuracy: 1e-8)
        for j in full.fit.coefficients.indices {
            XCTAssertEqual(sampled.fit.coefficients[j], full.fit.coefficients[j], accuracy: 1e-8)
        }
    }

    func testAWarmStartReachesTheSameOptimumInFewerSteps() throws {
        let (x, labels) = Self.population(20_000)
        let (y, others) = Self.population(25_000)
        let earlier = try LogisticModel.fit(y, labels: others, penalty: 1)
        let cold = try LogisticModel.fit(x, labels: labels, penalty: 1)
        let warm = try LogisticModel.fit(x, labels: labels, penalty: 1, startingFrom: earlier)
        XCTAssertTrue(warm.fit.converged)
        XCTAssertLessThanOrEqual(warm.fit.iterations, cold.fit.iterations)
        XCTAssertEqual(warm.fit.intercept, cold.fit.intercept, accuracy: 1e-8)
        for j in cold.fit.coefficients.indices {
            XCTAssertEqual(warm.fit.coefficients[j], cold.fit.coefficients[j], accuracy: 1e-8)
        }
    }
}
