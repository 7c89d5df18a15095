import Foundation
import Marts
import XCTest

@testable import Runtime

/// `analysis.market_min_customers` to the marts' settings and to
/// `crmwh config check`; a cell needs at least one customer.
final class MarketSettingTests: XCTestCase {
    let base = URL(fileURLWithPath: "/srv/crmwh/config")

    func parse(_ yaml: String) throws -> CRMWHConfig {
        try CRMWHConfig.parse(yaml: yaml, file: "config/crmwh.yaml", base: base)
    }

    func testValueReachesTheMartSettingsAndConfigCheck() throws {
        let config = try parse("analysis: { market_min_customers: 25 }\n")
        XCTAssertEqual(config.analysis.martSettings.marketMinCustomers, 25)
        let rows = Dictionary(uniqueKeysWithValues: config.analysis.martSettings.rows.map { ($0.name, $0.value) })
        XCTAssertEqual(rows["market_min_customers"], "25")
        let printed = config.effectiveYAML(database: "db", home: base)
        XCTAssertTrue(printed.contains("  market_min_customers: 25\n"), printed)
        XCTAssertTrue(MartSettings.readByReportsOnly.contains("market_min_customers"))
    }

    func testDefaultAndBounds() throws {
        XCTAssertEqual(try parse("analysis: {}\n").analysis.martSettings.marketMinCustomers, 10)
        XCTAssertThrowsError(try parse("analysis: { market_min_customers: 0 }\n")) { error in
            XCTAssertTrue("\(error)".contains("analysis.market_min_customers"), "\(error)")
        }
        XCTAssertThrowsError(try parse("analysis: { market_min_customers: ten }\n"))
    }
}
