import Analytics
import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

@testable import Simulation

/// End to end: `crmwh simulate campaign` on the generated warehouse, as
/// people and cron run it: a plan from flags or from the configuration, the
/// backtest, every format, and the mistakes it refuses (exit 2).
final class SimulateCommandTests: XCTestCase {
    func crmwh(_ arguments: [String], config: String? = nil) throws -> ProcessRunner.Output {
        let warehouse = try GeneratedCampaigns.shared()
        return try BuiltBinary.run(
            ["simulate", "campaign"] + arguments + ["--database", warehouse.conninfo] + (config.map { ["--config", $0] } ?? []))
    }

    func temporaryFile(_ name: String, _ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-simulate-\(UUID().uuidString)-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    func sections(_ json: String) throws -> [String: [[String: Any]]] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: [[String: Any]]], json)
    }

    func testAPlanFromFlags() throws {
        let result = try crmwh([
            "--segments", "at risk,hibernating", "--channel", "Email", "--type", "discount", "--customers", "500",
            "--cost-per-contact", "0.20", "--format", "json",
        ])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try sections(result.stdout)
        let plan = try XCTUnwrap(json["Plan"]?.first)
        XCTAssertEqual(plan["customers"] as? Int, 500)
        XCTAssertEqual((plan["cost"] as? NSNumber)?.doubleValue, 100)
        XCTAssertEqual(plan["targets"] as? String, "at risk, hibernating")
        XCTAssertEqual(plan["channel"] as? String, "email")
        XCTAssertTrue(result.stdout.contains("\"cost\": 100.00"), "exact cost kept")
        let prediction = try XCTUnwrap(json["Prediction (95 % intervals)"])
        func figure(_ name: String) throws -> (estimate: Double, low: Double, high: Double) {
            let row = try XCTUnwrap(prediction.first { $0["figure"] as? String == name }, name)
            return ((row["estimate"] as! NSNumber).doubleValue, (row["low"] as! NSNumber).doubleValue,
                    (row["high"] as! NSNumber).doubleValue)
        }
        let responders = try figure("responders")
        XCTAssertLessThanOrEqual(responders.low, responders.estimate)
        XCTAssertLessThanOrEqual(responders.estimate, responders.high)
        XCTAssertGreaterThan(responders.estimate, 0)
        XCTAssertEqual(try figure("response_rate").estimate, responders.estimate / 500, accuracy: 0.0002)
        let revenue = try figure("incremental_revenue")
        let roc = try figure("return_on_cost")
        XCTAssertEqual(roc.estimate, (revenue.estimate - 100) / 100, accuracy: 0.0001)
        XCTAssertEqual(roc.low, (revenue.low - 100) / 100, accuracy: 0.0001)

        // The command prints what the library predicts.
        let warehouse = try GeneratedCampaigns.shared()
        let plan2 = try CampaignPlanDraft(
            segments: ["at risk", "hibernating"], channel: "email", campaignType: "discount", customers: "500",
            costPerContact: "0.20"
        ).validated()
        let simulation = try CampaignSimulator(connection: warehouse.connection).simulate(plan2)
        XCTAssertEqual(responders.estimate, simulation.forecast.responders.estimate, accuracy: 0.05)
        XCTAssertEqual(revenue.estimate, simulation.forecast.incrementalRevenue!.estimate, accuracy: 0.005)
        // 500 customers drawn from the two segments in proportion to their sizes.
        let cells = try XCTUnwrap(json.first { $0.key.hasPrefix("Cells") }?.value)
        XCTAssertEqual(cells.map { $0["segment"] as? String }, ["at risk", "hibernating"])
        XCTAssertEqual(cells.reduce(0) { $0 + ($1["customers"] as! NSNumber).doubleValue }, 500, accuracy: 0.2)
    }

    func testFormatsAndOut() throws {
        let flags = ["--tiers", "top,high", "--channel", "sms", "--type", "seasonal", "--cost-per-contact", "0.05"]
        let table = try crmwh(flags)
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("incremental_revenue"), table.stdout)
        XCTAssertTrue(table.stdout.contains("value_tier"), table.stdout)
        let csv = try crmwh(flags + ["--format", "csv"])
        XCTAssertTrue(csv.stdout.contains("# Plan"), csv.stdout)
        XCTAssertTrue(csv.stdout.contains("figure,estimate,low,high\r\nresponders,"), csv.stdout)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-simulate-\(UUID().uuidString).html")
        defer { try? FileManager.default.removeItem(at: out) }
        let html = try crmwh(flags + ["--format", "html", "--out", out.path])
        XCTAssertEqual(html.status, 0, html.stderr)
        XCTAssertEqual(html.stdout, "")
        let page = try String(contentsOf: out, encoding: .utf8)
        XCTAssertTrue(page.contains("<table"), page)
        XCTAssertTrue(page.contains("Campaign simulation"), page)
    }

    func testBacktest() throws {
        let result = try crmwh(["--backtest", "--format", "json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try sections(result.stdout)
        let summary = try XCTUnwrap(json["Summary"])
        func value(_ measure: String) throws -> Double {
            try XCTUnwrap((summary.first { $0["measure"] as? String == measure }?["value"] as? NSNumber)?.doubleValue, measure)
        }
        XCTAssertGreaterThanOrEqual(try value("campaigns predicted"), 60)
        XCTAssertGreaterThan(try value("responders MAE"), 0)
        XCTAssertGreaterThan(try value("incremental revenue MAE"), 0)
        let campaigns = try XCTUnwrap(json.first { $0.key.hasPrefix("Each campaign") }?.value)
        XCTAssertEqual(Double(campaigns.count), try value("campaigns predicted"))
        let tiers = try crmwh(["--backtest", "--by", "value_tier", "--window-days", "14", "--format", "csv"])
        XCTAssertEqual(tiers.status, 0, tiers.stderr)
        XCTAssertTrue(tiers.stdout.contains("responders MAE"), tiers.stdout)
    }

    func testAPlanFromTheConfiguration() throws {
        let config = try temporaryFile(
            "crmwh.yaml",
            """
            simulations:
              - name: win-back
                segments: [at risk, "can't lose"]
                channel: email
                type: loyalty
                cost_per_contact: 0.05
                window_days: 30

            """)
        let result = try crmwh(["--plan", "win-back", "--format", "json"], config: config)
        XCTAssertEqual(result.status, 0, result.stderr)
        let plan = try XCTUnwrap(try sections(result.stdout)["Plan"]?.first)
        XCTAssertEqual(plan["plan"] as? String, "win-back")
        XCTAssertEqual(plan["targets"] as? String, "at risk, can't lose")
        let check = try BuiltBinary.run(["config", "check", "--config", config])
        XCTAssertEqual(check.status, 0, check.stderr)
        XCTAssertTrue(
            check.stdout.contains(
                "  - {name: win-back, segments: [at risk, can't lose], channel: email, type: loyalty, cost_per_contact: 0.05, window_days: 30}"),
            check.stdout)
        let unknown = try crmwh(["--plan", "nope"], config: config)
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("no simulation named 'nope'"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("simulations: win-back"), unknown.stderr)
    }

    func testMistakesExitTwoNamingTheField() throws {
        let base = ["--segments", "champions", "--channel", "email", "--type", "discount", "--cost-per-contact", "0.1"]
        let cases: [([String], String)] = [
            (["--segments", "champions,vips", "--channel", "email", "--type", "discount", "--cost-per-contact", "0.1"],
             "--segments: 'vips' is not one of"),
            (["--segments", "champions", "--channel", "email", "--type", "discount"], "--cost-per-contact: missing"),
            (base + ["--tiers", "top"], "--tiers: give only one of segments, tiers and propensity threshold"),
            (base + ["--customers", "ten"], "--customers: 'ten' is not a whole number"),
            (base + ["--window-days", "400"], "--window-days: '400'"),
            (base + ["--as-of", "2026-02-30"], "--as-of must be a date"),
            (base + ["--format", "xml"], "--format must be table, csv, json or html"),
            (base + ["--backtest"], "--backtest predicts past campaigns; it takes no plan"),
            (["--segments", "champions", "--channel", "pigeon", "--type", "discount", "--cost-per-contact", "0.1"],
             "channel 'pigeon': no past campaign ran on it"),
            (["--segments", "champions", "--channel", "email", "--type", "bogof", "--cost-per-contact", "0.1"],
             "type 'bogof': no past campaign is of it (by 2026-10-31); campaign types: discount, loyalty, seasonal"),
            (base + ["--customers", "99999999"], "customers: the plan asks for 99999999 customers, but its segments (champions) hold"),
        ]
        for (arguments, message) in cases {
            let result = try crmwh(arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let config = try temporaryFile(
            "bad.yaml",
            """
            simulations:
              - name: broken
                tiers: [top]
                type: loyalty
                cost_per_contact: 0.05

            """)
        let bad = try crmwh(["--plan", "broken"], config: config)
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains(":2: key 'simulations[0].channel': missing; the channel"), bad.stderr)
        let twice = try temporaryFile(
            "twice.yaml",
            """
            simulations:
              - {name: a, tiers: [top], channel: email, type: loyalty, cost_per_contact: 0.05, budget: 100}

            """)
        let unknownKey = try BuiltBinary.run(["config", "check", "--config", twice])
        XCTAssertEqual(unknownKey.status, 2)
        XCTAssertTrue(unknownKey.stderr.contains("key 'simulations[0].budget': unknown key"), unknownKey.stderr)
    }
}
