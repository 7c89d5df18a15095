import Foundation
import Warehouse
import XCTest

@testable import Runtime

/// `analysis.contact_cap` reaches mart.settings as settings the reports
/// read (no rebuild), bad values are refused with their key named, and the
/// reporting time zone goes to the refresh with the other settings.
final class ContactCapConfigTests: XCTestCase {
    func parse(_ yaml: String) throws -> CRMWHConfig {
        try CRMWHConfig.parse(yaml: yaml, file: "config/crmwh.yaml", base: URL(fileURLWithPath: "/srv/crmwh/config"))
    }

    func testCapSettingsReachTheMartSettings() throws {
        let config = try parse("analysis: {contact_cap: {opt_out_rate: 0.02, min_customer_months: 50}}")
        let rows = Dictionary(uniqueKeysWithValues: config.analysis.martSettings.rows.map { ($0.name, $0.value) })
        XCTAssertEqual(rows["contact_cap_opt_out_rate"], "0.02")
        XCTAssertEqual(rows["contact_cap_min_customer_months"], "50")
        XCTAssertTrue(
            config.effectiveYAML(database: "", home: URL(fileURLWithPath: "/tmp"))
                .contains("contact_cap: {opt_out_rate: 0.02, min_customer_months: 50}"))
        let defaults = Dictionary(uniqueKeysWithValues: try parse("").analysis.martSettings.rows.map { ($0.name, $0.value) })
        XCTAssertEqual(defaults["contact_cap_opt_out_rate"], "0.01")
        XCTAssertEqual(defaults["contact_cap_min_customer_months"], "30")
    }

    func testBadCapSettingsAreRefusedWithTheirKey() {
        for yaml in [
            "analysis: {contact_cap: {opt_out_rate: 1.5}}",
            "analysis: {contact_cap: {min_customer_months: 0}}",
            "analysis: {contact_cap: {max_contacts: 3}}",
        ] {
            XCTAssertThrowsError(try parse(yaml), yaml) { error in
                let message = (error as? WarehouseError)?.message ?? ""
                XCTAssertTrue(message.contains("analysis.contact_cap"), "\(yaml): \(message)")
            }
        }
    }
}
