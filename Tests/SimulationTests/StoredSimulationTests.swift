import Foundation
import Logging
import PostgresClient
import Runtime
import TestSupport
import Warehouse
import XCTest

@testable import Simulation

/// The nightly step: every configured plan simulated with the latest data
/// and stored in mart.campaign_simulation; a plan the data cannot serve is
/// skipped with a warning, not a failed run.
final class StoredSimulationTests: XCTestCase {
    func testConfiguredPlansAreStored() throws {
        let warehouse = try GeneratedCampaigns.shared()
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-stored-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: config) }
        try """
            simulations:
              - {name: tiers-sms, tiers: [top, high], channel: sms, type: discount, customers: 300, cost_per_contact: 0.08}
              - {name: too-many, segments: [champions], channel: email, type: discount, customers: 9999999, cost_per_contact: 0.01}

            """.write(to: config, atomically: true, encoding: .utf8)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let runtime = try Runtime(options: RuntimeOptions(database: warehouse.conninfo, configPath: config.path), logger: logger)
        let connection = try runtime.connect()
        try connection.execute("delete from mart.campaign_simulation")
        let summary = try runtime.simulateConfiguredPlans(connection, runID: 42)
        XCTAssertEqual(summary["stored"] as? [String], ["tiers-sms"])
        let skipped = try XCTUnwrap(summary["skipped"] as? [String: String])
        XCTAssertTrue(skipped["too-many"]?.contains("asks for 9999999 customers") == true, "\(skipped)")

        let row = try connection.query(
            """
            select plan_name, etl_run_id, as_of::text, targeting, array_to_string(targets, '|'), channel, campaign_type,
                customers, cost::text, responders::float8, responders_low::float8, responders_high::float8,
                incremental_revenue::float8, return_on_cost::float8, past_campaigns, window_days
            from mart.campaign_simulation
            """)
        XCTAssertEqual(row.rowCount, 1)
        XCTAssertEqual(row.string(0, 0), "tiers-sms")
        XCTAssertEqual(row.int64(0, 1), 42)
        XCTAssertEqual(row.string(0, 2), "2026-10-31")
        XCTAssertEqual(row.string(0, 3), "value_tiers")
        XCTAssertEqual(row.string(0, 4), "top|high")
        XCTAssertEqual(row.int(0, 7), 300)
        XCTAssertEqual(row.string(0, 8), "24.00")
        XCTAssertEqual(row.int(0, 15), 30)
        // What was stored is what the plan predicts now.
        let fresh = try CampaignSimulator(connection: connection).simulate(try runtime.simulationPlan(named: "tiers-sms"))
        XCTAssertEqual(row.double(0, 9)!, fresh.forecast.responders.estimate, accuracy: 0.05)
        XCTAssertEqual(row.double(0, 10)!, fresh.forecast.responders.low, accuracy: 0.05)
        XCTAssertEqual(row.double(0, 12)!, fresh.forecast.incrementalRevenue!.estimate, accuracy: 0.005)
        XCTAssertEqual(row.double(0, 13)!, fresh.returnOnCost!.estimate, accuracy: 0.00005)
        XCTAssertEqual(row.int(0, 14), fresh.pastCampaigns)
    }

    /// `crmwh run` with nothing in the inbox still refreshes and simulates.
    func testTheNightlyRunSimulates() throws {
        let warehouse = try GeneratedCampaigns.shared()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-nightly-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let config = root.appendingPathComponent("crmwh.yaml")
        try """
            directories: { inbox: inbox, archive: archive, error: error, output: out }
            analysis: { clv: { enabled: false }, propensity: { enabled: false } }
            exports: []
            simulations:
              - {name: nightly-email, segments: [loyal, champions], channel: email, type: seasonal, cost_per_contact: 0.02}

            """.write(to: config, atomically: true, encoding: .utf8)
        let connection = warehouse.connection
        try connection.execute("delete from mart.campaign_simulation where plan_name = 'nightly-email'")
        let result = try BuiltBinary.run(["run", "--config", config.path, "--database", warehouse.conninfo])
        XCTAssertEqual(result.status, 0, result.stderr)
        let stored = try connection.query(
            "select count(*), min(etl_run_id) is not null from mart.campaign_simulation where plan_name = 'nightly-email'")
        XCTAssertEqual(stored.int(0, 0), 1)
        XCTAssertEqual(stored.bool(0, 1), true)
    }
}
