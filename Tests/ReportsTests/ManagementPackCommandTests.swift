import Foundation
import TestSupport
import Warehouse
import XCTest

/// `crmwh report pack --format html` and an HTML report end to end on the
/// hand-checked fixture (five customers, January to March 2025).
final class ManagementPackCommandTests: XCTestCase {
    nonisolated(unsafe) static var fixture: WarehouseBuilder?

    func crmwh(_ arguments: [String]) throws -> ProcessRunner.Output {
        if Self.fixture == nil { Self.fixture = try HandFixture.build() }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-pack-\(getpid()).yaml")
        try "analysis: { tiers: { top: 0.25, high: 0.25, mid: 0.25 } }\n".write(to: config, atomically: true, encoding: .utf8)
        return try BuiltBinary.run(arguments + ["--database", Self.fixture!.conninfo, "--config", config.path])
    }

    func testPackIsOneSelfContainedPageWithEveryTopic() throws {
        let result = try crmwh(["report", "pack", "--format", "html"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let html = result.stdout
        for heading in ["Headline KPIs, 2025-03", "Value", "Tier migration", "Retention", "Customer lifetime value",
            "Campaigns", "Channels", "Products", "Markets"]
        {
            XCTAssertTrue(html.contains("<h2>\(heading)</h2>"), heading)
        }
        XCTAssertTrue(html.contains("<dt>As of</dt><dd>2025-03-31</dd>"), "the latest order date")
        XCTAssertTrue(html.contains("<dt>Currency</dt><dd>USD</dd>"))
        XCTAssertFalse(html.contains("<script"))
        // Trailing revenue to 31 March: A 300, B 200, C 250 − 50, D 100, E 50 = 850. The top tier
        // (ranks ≤ 2, B and C tied) is A, B and C: 3 of 5 customers, 700 / 850 = 82.4 %; with D's
        // 100 in the high tier the top two bring 800 / 850 = 94.1 %.
        XCTAssertTrue(
            html.contains("The top tier, 60.0 % of customers, brings 82.4 % of trailing 12-month revenue"), html)
        XCTAssertTrue(html.contains("the top two tiers bring 94.1 %."), html)
        XCTAssertGreaterThan(html.components(separatedBy: "<svg class=\"chart\"").count - 1, 4)
        // Eight KPIs, less average predicted CLV: the fixture has no scores.
        XCTAssertEqual(html.components(separatedBy: "<div class=\"card\">").count - 1, 7)
        XCTAssertFalse(html.contains("Average predicted CLV (USD)</div>"))
    }

    func testPackIsHTMLOnly() throws {
        let result = try crmwh(["report", "pack", "--format", "csv"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("the management pack is an HTML page"), result.stderr)
    }

    func testReportPageHasLabelsTotalsAndChartsWhileCSVKeepsItsNames() throws {
        let html = try crmwh(["report", "customer_value", "--format", "html"])
        XCTAssertEqual(html.status, 0, html.stderr)
        XCTAssertTrue(html.stdout.contains("<th scope=\"col\">Revenue, trailing 12 months</th>"), html.stdout)
        XCTAssertTrue(html.stdout.contains("<tr class=\"total\"><td>Total</td>"), html.stdout)
        XCTAssertTrue(html.stdout.contains("<td class=\"n\">850.00</td>"), "trailing revenue adds up to 850")
        XCTAssertTrue(html.stdout.contains("<svg class=\"chart\""))
        let csv = try crmwh(["report", "customer_value", "--format", "csv"])
        XCTAssertTrue(csv.stdout.hasPrefix("value_tier,tier_rank,customers,customer_share,trailing_revenue,"), csv.stdout)
        XCTAssertFalse(csv.stdout.contains("Total"))
    }
}
