import Foundation
import Warehouse
import XCTest

@testable import Runtime

/// `warehouse.engine`: where the tables live, from the file or CRMWH_ENGINE.
final class EngineConfigTests: XCTestCase {
    func parse(_ yaml: String, environment: [String: String] = [:]) throws -> CRMWHConfig {
        var config = try CRMWHConfig.parse(yaml: yaml, file: "crmwh.yaml", base: URL(fileURLWithPath: "/etc/crmwh"))
        try config.applyEnvironment(environment, workingDirectory: URL(fileURLWithPath: "/work"))
        return config
    }

    func testDefaultIsSingleNodePostgreSQL() throws {
        XCTAssertEqual(try parse("").warehouse.engine, .postgresql)
    }

    func testFileAndEnvironmentChooseCitus() throws {
        XCTAssertEqual(try parse("warehouse: { engine: citus }\n").warehouse.engine, .citus)
        let overridden = try parse("warehouse: { engine: citus }\n", environment: ["CRMWH_ENGINE": "postgresql"])
        XCTAssertEqual(overridden.warehouse.engine, .postgresql)
        XCTAssertEqual(overridden.overrides, ["CRMWH_ENGINE"])
    }

    func testUnknownEngineNamesTheKeyAndTheChoices() {
        XCTAssertThrowsError(try parse("warehouse: { engine: greenplum }\n")) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.contains("warehouse.engine"), message)
            XCTAssertTrue(message.contains("postgresql, citus"), message)
        }
        XCTAssertThrowsError(try parse("", environment: ["CRMWH_ENGINE": "oracle"])) { error in
            XCTAssertTrue((error as? WarehouseError)?.message.contains("CRMWH_ENGINE") == true, "\(error)")
        }
    }

    func testConfigCheckShowsTheEngine() throws {
        let config = try parse("warehouse: { engine: citus }\n")
        let yaml = config.effectiveYAML(database: "dbname=crm", home: URL(fileURLWithPath: "/tmp/home"))
        XCTAssertTrue(yaml.contains("  engine: citus"), yaml)
    }
}
