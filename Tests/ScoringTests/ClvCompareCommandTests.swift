import Analytics
import Foundation
import PostgresClient
import Scoring
import TestSupport
import Warehouse
import XCTest

/// End to end: `crmwh clv fit --compare` in both formats, and its usage errors.
final class ClvCompareCommandTests: XCTestCase {
    private func crmwh(_ arguments: [String]) throws -> ProcessRunner.Output {
        try BuiltBinary.run(arguments, environment: ["CRMWH_SQL_DIR": try TestCluster.repositorySQL().root.path])
    }

    func testCompareInBothFormats() throws {
        let database = try TestCluster.makeMigratedDatabase(prefix: "clv_cmp_cli")
        let lines = SimulatedPopulation().lines(
            customers: 1_500, seed: 5, start: CLVScoringTests.start, asOf: CLVScoringTests.asOf,
            end: CLVScoringTests.holdoutEnd)
        try FactSalesFixture.insert(lines, into: try Connection(database))

        // Without --holdout-end the holdout is the 6 months ending on --as-of.
        let table = try crmwh(["clv", "fit", "--compare", "--database", database, "--as-of", "2026-09-30"])
        XCTAssertEqual(table.status, 0, table.stderr)
        for text in [
            "holdout              2026-03-31 < day ≤ 2026-09-30 (183 days)", "BG/NBD", "MBG/NBD", "Pareto/NBD",
            "AIC", "BIC", "RMSE by frequency", "best model",
        ] {
            XCTAssertTrue(table.stdout.contains(text), "no '\(text)' in:\n\(table.stdout)")
        }

        let json = try crmwh([
            "clv", "fit", "--compare", "--database", database, "--as-of", "2026-03-31", "--holdout-end", "2026-09-30",
            "--model", "mbgnbd", "--format", "json",
        ])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["configured_model"] as? String, "mbgnbd")
        XCTAssertEqual(object["holdout_days"] as? Int, 183)
        let models = try XCTUnwrap(object["models"] as? [[String: Any]])
        XCTAssertEqual(models.compactMap { $0["model"] as? String }, PurchaseModelKind.allCases.map(\.rawValue))
        // The JSON's best model is the one with the smallest RMSE, or the configured one within 1 %.
        let rmse = Dictionary(uniqueKeysWithValues: models.map { ($0["model"] as! String, $0["group_rmse"] as! Double) })
        let best = rmse.min { $0.value < $1.value }!.key
        let chosen = rmse[best]! < 0.99 * rmse["mbgnbd"]! ? best : "mbgnbd"
        XCTAssertEqual(object["best_model"] as? String, chosen, "\(rmse)")
        XCTAssertEqual(try Connection(database).query("select count(*) from dw.clv_model").scalar, "0")

        let usage = try crmwh(["clv", "fit", "--compare", "--database", database, "--holdout-months", "0"])
        XCTAssertEqual(usage.status, 2, usage.stderr)  // a usage error
    }
}
