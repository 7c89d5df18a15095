import Foundation
import Warehouse
import XCTest

@testable import Runtime

/// `analysis.rfm`: the frequency bands and the new-customer window reach
/// mart.settings, and bad bands are refused with their key named.
final class RFMConfigTests: XCTestCase {
    func parse(_ yaml: String) throws -> CRMWHConfig {
        try CRMWHConfig.parse(yaml: yaml, file: "config/crmwh.yaml", base: URL(fileURLWithPath: "/srv/crmwh/config"))
    }

    func testBandsAndWindowReachTheMartSettings() throws {
        let config = try parse("analysis: {rfm: {frequency_bands: [2, 4, 8, 16], new_customer_days: 30}}")
        let rows = Dictionary(uniqueKeysWithValues: config.analysis.martSettings.rows.map { ($0.name, $0.value) })
        XCTAssertEqual(
            ["rfm_f2_orders", "rfm_f3_orders", "rfm_f4_orders", "rfm_f5_orders", "rfm_new_customer_days"].map { rows[$0] },
            ["2", "4", "8", "16", "30"])
        XCTAssertTrue(config.effectiveYAML(database: "", home: URL(fileURLWithPath: "/tmp")).contains("rfm: {frequency_bands: [2, 4, 8, 16], new_customer_days: 30}"))
    }

    func testDefaultsAreTheDocumentedBands() throws {
        let settings = try parse("").analysis.martSettings
        XCTAssertEqual(settings.rfmFrequencyBands, [2, 3, 5, 10])
        XCTAssertEqual(settings.rfmNewCustomerDays, 90)
    }

    func testBadBandsAreRefusedWithTheirKey() {
        for yaml in [
            "analysis: {rfm: {frequency_bands: [2, 3, 5]}}",
            "analysis: {rfm: {frequency_bands: [2, 5, 3, 10]}}",
            "analysis: {rfm: {frequency_bands: [1, 3, 5, 10]}}",
            "analysis: {rfm: {new_customer_days: 0}}",
            "analysis: {rfm: {recency_bands: [30]}}",
        ] {
            XCTAssertThrowsError(try parse(yaml), yaml) { error in
                let message = (error as? WarehouseError)?.message ?? ""
                XCTAssertTrue(message.contains("analysis.rfm"), "\(yaml): \(message)")
            }
        }
    }
}
