import Foundation
import PostgresClient
import Scoring
import TestSupport
import Warehouse
import XCTest

/// End to end: `crmwh clv fit|score` as cron and analysts run them.
final class ClvCommandTests: XCTestCase {
    private func simulatedDatabase(customers: Int) throws -> String {
        let database = try TestCluster.makeMigratedDatabase(prefix: "clv_cli")
        let lines = SimulatedPopulation().lines(
            customers: customers, seed: 11, start: CLVScoringTests.start, asOf: CLVScoringTests.asOf,
            end: CLVScoringTests.holdoutEnd)
        try FactSalesFixture.insert(lines, into: try Connection(database))
        return database
    }

    private func crmwh(_ arguments: [String]) throws -> ProcessRunner.Output {
        try BuiltBinary.run(arguments, environment: ["CRMWH_SQL_DIR": try TestCluster.repositorySQL().root.path])
    }

    func testFitPrintsParametersAndHoldoutCheck() throws {
        let database = try simulatedDatabase(customers: 2_000)
        let table = try crmwh([
            "clv", "fit", "--database", database, "--as-of", "2026-03-31", "--unit", "week",
            "--holdout-end", "2026-09-30",
        ])
        XCTAssertEqual(table.status, 0, table.stderr)
        for text in ["bgnbd-gg-2026-03-31-week", "alpha", "weeks", "log-likelihood", "repeat buyers", "gamma", "7+", "total"] {
            XCTAssertTrue(table.stdout.contains(text), "no '\(text)' in:\n\(table.stdout)")
        }

        let json = try crmwh([
            "clv", "fit", "--database", database, "--as-of", "2026-03-31", "--unit", "day", "--format", "json",
            "--holdout-end", "2026-09-30",
        ])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["customers"] as? Int, 2_000)
        XCTAssertEqual(object["unit"] as? String, "day")
        let parameters = try XCTUnwrap((object["bgnbd"] as? [String: Any])?["parameters"] as? [String: Any])
        XCTAssertEqual(parameters["unit"] as? String, "day")
        // α in days here: about 20 for the simulated population.
        XCTAssertEqual(parameters["alpha"] as? Double ?? 0, 20, accuracy: 6)
        let holdout = try XCTUnwrap(object["holdout"] as? [String: Any])
        XCTAssertEqual((holdout["groups"] as? [Any])?.count, 8)
        XCTAssertEqual(try Connection(database).query("select count(*) from dw.clv_model").scalar, "0")
    }

    func testScoreTwiceReplacesTheScores() throws {
        let database = try simulatedDatabase(customers: 1_000)
        let arguments = [
            "clv", "score", "--database", database, "--as-of", "2026-03-31", "--unit", "month",
            "--horizon", "24", "--discount-rate", "0.08", "--margin", "0.25",
        ]
        let first = try crmwh(arguments)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("written            1000 (replaced 0)"), first.stdout)
        let second = try crmwh(arguments)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("(stored fit)"), second.stdout)
        XCTAssertTrue(second.stdout.contains("written            1000 (replaced 1000)"), second.stdout)
        let rows = try Connection(database).query(
            "select count(*), count(distinct customer_id), min(horizon_months), max(model_version) from dw.customer_score")
        XCTAssertEqual(rows.rows.first, ["1000", "1000", "24", "bgnbd-gg-2026-03-31-month"])
    }

    func testNoDataIsAClearFailure() throws {
        let database = try TestCluster.makeMigratedDatabase(prefix: "clv_cli")
        let result = try crmwh(["clv", "score", "--database", database, "--as-of", "2026-03-31"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("no customer purchased on or before 2026-03-31"), result.stderr)
        XCTAssertEqual(try Connection(database).query("select count(*) from dw.clv_model").scalar, "0")
    }

    func testUsageErrors() throws {
        let database = try TestCluster.makeMigratedDatabase(prefix: "clv_cli")
        for arguments in [
            ["clv", "fit", "--as-of", "2026-02-30"],
            ["clv", "fit", "--as-of", "2026-03-31", "--unit", "year"],
            ["clv", "fit", "--as-of", "2026-03-31", "--model", "pareto"],
            ["clv", "fit", "--as-of", "2026-03-31", "--holdout-end", "2026-03-01"],
            ["clv", "score", "--as-of", "2026-03-31", "--horizon", "0"],
            ["clv", "score", "--as-of", "2026-03-31", "--time-zone", "Mars/Olympus_Mons"],
        ] {
            let result = try crmwh(arguments + ["--database", database])
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
        }
    }

    func testScoreExits75WhenAnotherRunHoldsTheLock() throws {
        let database = try simulatedDatabase(customers: 200)
        let holder = try Connection(database)
        XCTAssertTrue(try holder.tryAdvisoryLock(WarehouseLock.key))
        let result = try crmwh(["clv", "score", "--database", database, "--as-of", "2026-03-31"])
        XCTAssertEqual(result.status, 75, result.stderr)
        XCTAssertTrue(result.stderr.contains("lock"), result.stderr)
        XCTAssertEqual(try holder.query("select count(*) from dw.customer_score").scalar, "0")
    }

    /// `--model mbgnbd` on the command line, and `analysis.clv.model` from the configuration
    /// (which `config check` shows and the flag overrides).
    func testModelFromTheFlagOrTheConfiguration() throws {
        let database = try simulatedDatabase(customers: 1_000)
        let table = try crmwh(["clv", "fit", "--database", database, "--as-of", "2026-03-31", "--model", "mbgnbd"])
        XCTAssertEqual(table.status, 0, table.stderr)
        for text in ["mbgnbd-gg-2026-03-31-week", "MBG/NBD (times in weeks)", "one-time buyers", "net of returns"] {
            XCTAssertTrue(table.stdout.contains(text), "no '\(text)' in:\n\(table.stdout)")
        }
        XCTAssertFalse(table.stdout.contains("\nBG/NBD (times"), table.stdout)

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("clv-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let config = work.appendingPathComponent("crmwh.yaml")
        try "analysis:\n  clv:\n    model: mbgnbd\n".write(to: config, atomically: true, encoding: .utf8)
        let check = try crmwh(["config", "check", "--config", config.path, "--database", database])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("model: mbgnbd"), check.stdout)

        let json = try crmwh([
            "clv", "fit", "--config", config.path, "--database", database, "--as-of", "2026-03-31", "--format", "json",
        ])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["purchase_model"] as? String, "mbgnbd")
        XCTAssertNil(object["bgnbd"])
        let parameters = try XCTUnwrap((object["mbgnbd"] as? [String: Any])?["parameters"] as? [String: Any])
        XCTAssertEqual(Set(parameters.keys), ["r", "alpha", "a", "b", "unit"])
        let oneTime = try XCTUnwrap(object["one_time_buyers"] as? [String: Any])
        XCTAssertLessThan(oneTime["mean_probability_alive"] as? Double ?? 1, 1)

        // The flag wins over the configuration.
        let flag = try crmwh([
            "clv", "fit", "--config", config.path, "--database", database, "--as-of", "2026-03-31", "--model", "bgnbd",
        ])
        XCTAssertEqual(flag.status, 0, flag.stderr)
        XCTAssertTrue(flag.stdout.contains("bgnbd-gg-2026-03-31-week"), flag.stdout)

        let bad = work.appendingPathComponent("bad.yaml")
        try "analysis:\n  clv:\n    model: pareto\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try crmwh(["config", "check", "--config", bad.path, "--database", database])
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("analysis.clv.model"), refused.stderr)
    }

    /// `--model pareto-nbd` (and `analysis.clv.model: pareto-nbd`, which `config check`
    /// shows by its key) fits Pareto/NBD and reports r, α, s, β.
    func testParetoNBDFromTheFlagOrTheConfiguration() throws {
        let database = try simulatedDatabase(customers: 1_000)
        let table = try crmwh(["clv", "fit", "--database", database, "--as-of", "2026-03-31", "--model", "pareto-nbd"])
        XCTAssertEqual(table.status, 0, table.stderr)
        for text in ["paretonbd-gg-2026-03-31-week", "Pareto/NBD (times in weeks)", "beta", "one-time buyers"] {
            XCTAssertTrue(table.stdout.contains(text), "no '\(text)' in:\n\(table.stdout)")
        }

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("clv-pnbd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let config = work.appendingPathComponent("crmwh.yaml")
        try "analysis:\n  clv:\n    model: pareto-nbd\n".write(to: config, atomically: true, encoding: .utf8)
        let check = try crmwh(["config", "check", "--config", config.path, "--database", database])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("model: paretonbd"), check.stdout)

        let json = try crmwh([
            "clv", "fit", "--config", config.path, "--database", database, "--as-of", "2026-03-31", "--format", "json",
        ])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["purchase_model"] as? String, "paretonbd")
        let parameters = try XCTUnwrap((object["paretonbd"] as? [String: Any])?["parameters"] as? [String: Any])
        XCTAssertEqual(Set(parameters.keys), ["r", "alpha", "s", "beta", "unit"])

        let usage = try crmwh(["clv", "fit", "--database", database, "--model", "pareto"])
        XCTAssertEqual(usage.status, 2, usage.stderr)
        XCTAssertTrue(usage.stderr.contains("pareto-nbd"), usage.stderr)
    }
}
