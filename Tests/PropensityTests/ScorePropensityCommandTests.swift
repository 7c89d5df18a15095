import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// End to end: `crmwh score propensity` as cron and analysts run it.
final class ScorePropensityCommandTests: XCTestCase {
    private func crmwh(_ arguments: [String]) throws -> ProcessRunner.Output {
        try BuiltBinary.run(arguments, environment: ["CRMWH_SQL_DIR": try TestCluster.repositorySQL().root.path])
    }

    func testPrintsEachTargetsHoldoutAndWritesTheScores() throws {
        let warehouse = try PropensityScoringTests.warehouse()
        let asOf = PropensityScoringTests.asOf.description
        let table = try crmwh([
            "score", "propensity", "--database", warehouse.conninfo, "--as-of", asOf, "--training-windows", "2",
        ])
        XCTAssertEqual(table.status, 0, table.stderr)
        for text in ["logit-\(asOf)-l2_1-w2", "buy_30d (30 days)", "buy_90d (90 days)", "AUC", "log loss", "decile", "respond_"] {
            XCTAssertTrue(table.stdout.contains(text), "no '\(text)' in:\n\(table.stdout)")
        }

        let json = try crmwh([
            "score", "propensity", "--database", warehouse.conninfo, "--as-of", asOf, "--training-windows", "2",
            "--format", "json", "--quiet",
        ])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["model_version"] as? String, "logit-\(asOf)-l2_1-w2")
        let targets = try XCTUnwrap(object["targets"] as? [[String: Any]])
        let buy = try XCTUnwrap(targets.first { $0["target"] as? String == "buy_90d" })
        XCTAssertEqual(buy["fitted"] as? Bool, true)
        XCTAssertGreaterThan(((buy["holdout"] as? [String: Any])?["auc"] as? Double) ?? 0, 0.65)
        // The second run replaced the first one's rows.
        XCTAssertEqual(object["scores_replaced"] as? Int, object["customers_scored"] as? Int)
        let run = try Connection(warehouse.conninfo).query(
            "select status, summary ->> 'customers_scored' from etl.run where command = 'score propensity' order by run_id desc limit 1")
        XCTAssertEqual(run.string(0, 0), "succeeded")
        XCTAssertEqual(run.string(0, 1).flatMap { Int($0) }, object["customers_scored"] as? Int)
    }

    func testBadArgumentsAreUsageErrors() throws {
        for arguments in [
            ["score", "propensity", "--as-of", "2026-02-30"],
            ["score", "propensity", "--penalty", "-1"],
            ["score", "propensity", "--training-windows", "0"],
            ["score", "propensity", "--min-positives", "0"],
        ] {
            let result = try crmwh(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
        }
    }
}
