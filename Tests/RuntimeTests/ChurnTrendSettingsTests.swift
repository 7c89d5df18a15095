import Foundation
import Marts
import Warehouse
import XCTest

@testable import Runtime

/// The churn and trend parameters from the `analysis:` section to the
/// marts' settings and to `crmwh config check`.
final class ChurnTrendSettingsTests: XCTestCase {
    let base = URL(fileURLWithPath: "/srv/crmwh/config")

    func parse(_ yaml: String) throws -> CRMWHConfig {
        try CRMWHConfig.parse(yaml: yaml, file: "config/crmwh.yaml", base: base)
    }

    func testValuesReachTheMartSettingsAndConfigCheck() throws {
        let config = try parse(
            """
            analysis:
              churn_inactive_months: 4
              churn_followup_months: 6
              churn_window_return_share: 0.2
              churn_p_alive_threshold: 0.3
              trend: { min_active_months: 5 }
            """)
        let settings = config.analysis.martSettings
        XCTAssertEqual(settings.churnInactiveMonths, 4)
        XCTAssertEqual(settings.churnFollowupMonths, 6)
        XCTAssertEqual(settings.churnWindowReturnShare, "0.2")
        XCTAssertEqual(settings.churnPAliveThreshold, "0.3")
        XCTAssertEqual(settings.trendMinActiveMonths, 5)
        let rows = Dictionary(uniqueKeysWithValues: settings.rows.map { ($0.name, $0.value) })
        XCTAssertEqual(rows["churn_followup_months"], "6")
        XCTAssertEqual(rows["churn_window_return_share"], "0.2")
        XCTAssertEqual(rows["churn_p_alive_threshold"], "0.3")
        XCTAssertEqual(rows["trend_min_active_months"], "5")
        let printed = config.effectiveYAML(database: "db", home: base)
        XCTAssertTrue(printed.contains("  churn_followup_months: 6\n"), printed)
        XCTAssertTrue(printed.contains("  churn_window_return_share: 0.2\n"), printed)
        XCTAssertTrue(printed.contains("  churn_p_alive_threshold: 0.3\n"), printed)
        XCTAssertTrue(printed.contains("min_active_months: 5}"), printed)
    }

    func testDefaults() throws {
        let settings = try parse("analysis: {}\n").analysis.martSettings
        XCTAssertEqual(
            [settings.churnFollowupMonths, settings.trendMinActiveMonths, settings.churnInactiveMonths], [12, 4, 3])
        XCTAssertEqual([settings.churnWindowReturnShare, settings.churnPAliveThreshold], ["0.1", "0.5"])
        // The shipped example states the same values.
        let example = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("config/crmwh.yaml"), encoding: .utf8)
        let shipped = try CRMWHConfig.parse(yaml: example, file: "config/crmwh.yaml", base: base).analysis.martSettings
        XCTAssertEqual(shipped.churnFollowupMonths, 12)
        XCTAssertEqual(shipped.churnInactiveMonths, 3)
        XCTAssertEqual(shipped.churnPAliveThreshold, "0.5")
        XCTAssertEqual(shipped.trendMinActiveMonths, 4)
    }

    func testOutOfRangeValuesAreConfigurationErrors() throws {
        for (yaml, key) in [
            ("analysis: { churn_p_alive_threshold: 1 }", "analysis.churn_p_alive_threshold"),
            ("analysis: { churn_p_alive_threshold: 0 }", "analysis.churn_p_alive_threshold"),
            ("analysis: { churn_followup_months: 0 }", "analysis.churn_followup_months"),
            ("analysis: { churn_window_return_share: 1.5 }", "analysis.churn_window_return_share"),
            ("analysis: { trend: { min_active_months: 13 } }", "analysis.trend.min_active_months"),
            ("analysis: { trend: { min_active_months: 1 } }", "analysis.trend.min_active_months"),
        ] {
            XCTAssertThrowsError(try parse(yaml + "\n"), yaml) { error in
                let message = (error as? WarehouseError)?.message ?? "\(error)"
                XCTAssertTrue(message.contains(key), "\(yaml): \(message)")
            }
        }
    }
}
