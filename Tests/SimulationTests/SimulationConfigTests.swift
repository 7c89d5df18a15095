import Foundation
import Warehouse
import XCTest

@testable import Runtime
@testable import Simulation

/// `simulations:` in the config file: each plan checked as on the command
/// line, every mistake naming its key, file and line.
final class SimulationConfigTests: XCTestCase {
    func parse(_ yaml: String) throws -> CRMWHConfig {
        try CRMWHConfig.parse(yaml: yaml, file: "config/crmwh.yaml", base: URL(fileURLWithPath: "/srv/crmwh/config"))
    }

    func error(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try parse(yaml)
            XCTFail("expected a configuration error", file: file, line: line)
            return ""
        } catch let error as WarehouseError {
            XCTAssertEqual(error.code, .configuration, file: file, line: line)
            return error.message
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
            return ""
        }
    }

    func testPlansAreRead() throws {
        let config = try parse(
            """
            simulations:
              - name: win-back
                segments: [at risk, "can't lose"]
                channel: Email
                type: loyalty
                customers: 5000
                cost_per_contact: 0.05
              - name: top-sms
                tiers: top
                channel: sms
                type: discount
                cost_per_contact: "0.10"
                window_days: 14
              - {name: likely, propensity_threshold: 0.2, channel: email, type: discount, cost_per_contact: 0}
            """)
        XCTAssertEqual(config.simulations.map(\.name), ["win-back", "top-sms", "likely"])
        XCTAssertEqual(config.simulations[0].targeting, .segments(["at risk", "can't lose"]))
        XCTAssertEqual(config.simulations[0].channel, "email")
        XCTAssertEqual(config.simulations[0].customers, 5000)
        XCTAssertEqual(config.simulations[1].targeting, .valueTiers(["top"]))
        XCTAssertEqual(config.simulations[1].costPerContact.description, "0.10")
        XCTAssertEqual(config.simulations[1].windowDays, 14)
        XCTAssertEqual(config.simulations[2].targeting, .propensity(threshold: 0.2))
        XCTAssertTrue(try parse("analysis: {}\n").simulations.isEmpty)
        let lines = config.effectiveYAML(database: "x", home: URL(fileURLWithPath: "/tmp")).split(separator: "\n")
        XCTAssertTrue(lines.contains(
            "  - {name: top-sms, tiers: [top], channel: sms, type: discount, cost_per_contact: 0.10, window_days: 14}"), "\(lines)")
        XCTAssertTrue(lines.contains(
            "  - {name: likely, propensity_threshold: 0.2, channel: email, type: discount, cost_per_contact: 0, window_days: 30}"),
            "\(lines)")
    }

    func testMistakesNameTheirKey() {
        XCTAssertEqual(
            error("simulations:\n  - {name: a, tiers: [top], channel: email, cost_per_contact: 1}\n"),
            "config/crmwh.yaml:2: key 'simulations[0].type': missing; the campaign type as the campaigns feed names it (unspecified for campaigns without one)")
        XCTAssertTrue(
            error("simulations:\n  - name: a\n    tiers: [top]\n    channel: email\n    type: x\n    cost_per_contact: cheap\n")
                .hasPrefix("config/crmwh.yaml:6: key 'simulations[0].cost_per_contact': 'cheap' is not an amount"))
        XCTAssertTrue(
            error("simulations:\n  - {tiers: [top], channel: email, type: x, cost_per_contact: 1}\n")
                .contains("key 'simulations[0].name': missing; every simulation needs a name"))
        XCTAssertTrue(
            error("simulations:\n  - {name: a, segments: [vip], channel: email, type: x, cost_per_contact: 1}\n")
                .contains("key 'simulations[0].segments': 'vip' is not one of champions"))
        XCTAssertTrue(
            error("simulations:\n  - {name: a, tiers: [top], segments: [new], channel: email, type: x, cost_per_contact: 1}\n")
                .contains("give only one of segments, tiers and propensity threshold"))
        XCTAssertTrue(
            error("""
                simulations:
                  - {name: a, tiers: [top], channel: email, type: x, cost_per_contact: 1}
                  - {name: a, tiers: [low], channel: email, type: x, cost_per_contact: 1}
                """).contains("two simulations are named 'a'"))
        XCTAssertTrue(error("simulations: {name: a}\n").contains("key 'simulations': must be a list"))
        XCTAssertTrue(
            error("simulations:\n  - {name: a, tiers: [top], channel: email, type: x, cost_per_contact: 1, budget: 9}\n")
                .contains("key 'simulations[0].budget': unknown key; known keys under 'simulations[0]' are: name, segments, tiers, propensity_threshold, channel, type, customers, cost_per_contact, window_days"))
    }
}
