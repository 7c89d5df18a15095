import XCTest

@testable import Analytics

final class OptimizationTests: XCTestCase {
    /// Rosenbrock's banana valley: minimum 0 at (1, 1), hard for simplex and line searches.
    private let rosenbrock = Objective(dimension: 2) { x in
        let (a, b) = (1 - x[0], x[1] - x[0] * x[0])
        return (a * a + 100 * b * b, [-2 * a - 400 * x[0] * b, 200 * b])
    }

    func testBFGSFindsTheRosenbrockMinimum() {
        let result = BFGS().minimize(rosenbrock, from: [-1.2, 1])
        XCTAssertTrue(result.converged)
        XCTAssertEqual(result.point[0], 1, accuracy: 1e-6)
        XCTAssertEqual(result.point[1], 1, accuracy: 1e-6)
    }

    func testNelderMeadDescends() {
        let result = NelderMead(maxEvaluations: 2000).minimize(rosenbrock, from: [-1.2, 1])
        XCTAssertLessThan(result.value, 1e-6)
        XCTAssertLessThanOrEqual(result.evaluations, 2000 + 2)
    }

    func testMultiStartSurvivesStartsOutsideTheDomain() {
        // Undefined (NaN) left of 0: the bad start must not win.
        let logBarrier = Objective(dimension: 1) { x in
            x[0] <= 0 ? (.nan, [.nan]) : (x[0] - log(x[0]), [1 - 1 / x[0]])
        }
        let result = MultiStartMinimizer(starts: [[-3], [5]]).minimize(logBarrier)
        XCTAssertTrue(result.converged)
        XCTAssertEqual(result.point[0], 1, accuracy: 1e-6)
    }
}
