import Foundation
import XCTest

@testable import Runtime

/// `analysis.propensity`: off by default, its values to the scoring options
/// and to `crmwh config check`, typos and bad values refused.
final class PropensityConfigTests: XCTestCase {
    let base = URL(fileURLWithPath: "/srv/crmwh/config")

    func parse(_ yaml: String) throws -> CRMWHConfig {
        try CRMWHConfig.parse(yaml: yaml, file: "config/crmwh.yaml", base: base)
    }

    func testDefaultsLeaveTheNightlyStepOff() throws {
        let propensity = try parse("analysis: {}\n").analysis.propensity
        XCTAssertFalse(propensity.enabled)
        XCTAssertEqual(propensity.penalty, 1)
        XCTAssertEqual(propensity.trainingWindows, 3)
        XCTAssertEqual(propensity.maxTrainingRows, 100_000)
        XCTAssertEqual(propensity.minPositives, 30)
        XCTAssertEqual(propensity.responseHorizonDays, 90)
    }

    func testValuesReachConfigCheck() throws {
        let config = try parse(
            """
            analysis:
              propensity: { enabled: true, penalty: 2.5, training_windows: 2, max_training_rows: 50000,
                            min_positives: 40, response_horizon_days: 60 }
            """)
        XCTAssertEqual(
            config.analysis.propensity,
            .init(enabled: true, penalty: 2.5, trainingWindows: 2, maxTrainingRows: 50_000, minPositives: 40,
                  responseHorizonDays: 60))
        let printed = config.effectiveYAML(database: "db", home: base)
        XCTAssertTrue(
            printed.contains(
                "  propensity: {enabled: true, penalty: 2.5, training_windows: 2, max_training_rows: 50000, "
                    + "min_positives: 40, response_horizon_days: 60}\n"), printed)
    }

    func testTyposAndBadValuesAreRefused() {
        for (yaml, key) in [
            ("analysis: { propensity: { enable: true } }\n", "analysis.propensity.enable"),
            ("analysis: { propensity: { penalty: -1 } }\n", "analysis.propensity.penalty"),
            ("analysis: { propensity: { training_windows: 0 } }\n", "analysis.propensity.training_windows"),
            ("analysis: { propensity: { training_windows: 13 } }\n", "analysis.propensity.training_windows"),
            ("analysis: { propensity: { min_positives: 0 } }\n", "analysis.propensity.min_positives"),
            ("analysis: { propensity: { max_training_rows: 10 } }\n", "analysis.propensity.max_training_rows"),
            ("analysis: { propensity: { response_horizon_days: 400 } }\n", "analysis.propensity.response_horizon_days"),
        ] {
            XCTAssertThrowsError(try parse(yaml), yaml) { error in
                XCTAssertTrue("\(error)".contains(key), "\(error)")
            }
        }
    }
}
