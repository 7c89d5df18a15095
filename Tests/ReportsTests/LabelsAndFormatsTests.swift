import Foundation
@testable import Reports
import XCTest

/// Column labels and number formats of the HTML reports: one dictionary,
/// one format per column role, totals where rows add up, campaign names.
final class LabelsAndFormatsTests: XCTestCase {
    func testLabelsComeFromTheDictionaryOrTheNamingRules() {
        XCTAssertEqual(ColumnLabels.label("average_predicted_clv"), "Average predicted CLV")
        XCTAssertEqual(ColumnLabels.label("trailing_revenue"), "Revenue, trailing 12 months")
        XCTAssertEqual(ColumnLabels.label("revenue_vs_previous_rate"), "Revenue vs previous")
        XCTAssertEqual(ColumnLabels.label("response_uplift_low_rate"), "Response uplift low")
        XCTAssertEqual(ColumnLabels.label("next_month_order_rate"), "Next month order rate")
        XCTAssertEqual(ColumnLabels.label("m12"), "Month 12")
        XCTAssertEqual(ColumnLabels.label("top_sku_revenue"), "Top SKU revenue")
    }

    func testRolesFixTheFormat() {
        XCTAssertEqual(ColumnLabels.entry("next_month_order_rate").role, .percent)
        XCTAssertEqual(ColumnLabels.entry("forecast_share").role, .percent)
        XCTAssertEqual(ColumnLabels.entry("tier_top_share").role, .percent)
        XCTAssertEqual(ColumnLabels.entry("attributed_revenue").role, .money)
        XCTAssertEqual(ColumnLabels.entry("orders").role, .count)
        XCTAssertEqual(ColumnLabels.entry("lift").role, .decimal(2))
        XCTAssertEqual(ColumnLabels.entry("average_frequency").role, .decimal(2))
        XCTAssertEqual(ColumnRole.percent.format("0.0044"), "0.4 %")
        XCTAssertEqual(ColumnRole.percent.format("0.3"), "30.0 %")
        XCTAssertEqual(ColumnRole.money.format("1925432.9259"), "1,925,432.93")
        XCTAssertEqual(ColumnRole.count.format("3133.4"), "3,133")
        XCTAssertEqual(ColumnRole.decimal(2).format("1.41105"), "1.41")
        XCTAssertEqual(ColumnRole.decimal(1).format("-0.04"), "0.0")
    }

    /// value_forecast's inputs mixed 0.0044 with 0.3 %: every share and rate now reads as a percentage.
    func testOneTableNeverMixesFractionsAndPercentages() {
        let section = ReportSection(
            title: "Recency states",
            table: ReportTable(
                columns: [.init("recency_state", .text), .init("customers_now", .number), .init("next_month_order_rate", .number),
                    .init("tier_top_share", .number)],
                rows: [["lapsed", "1859", "0.0044", "0.003"], ["ordered this month", "443", "0.5690", "0.01"]]))
        let html = HTMLTable.render(section, context: nil)
        XCTAssertTrue(html.contains("<td class=\"n\">0.4 %</td><td class=\"n\">0.3 %</td>"), html)
        XCTAssertTrue(html.contains("<td class=\"n\">56.9 %</td><td class=\"n\">1.0 %</td>"), html)
        XCTAssertFalse(html.contains(">0.0044<"))
        XCTAssertTrue(html.contains("<th scope=\"col\">Next month order rate</th>"), html)
    }

    func testTotalsRowWhereTheRowsAddUp() {
        let tiers = ReportTable(
            columns: [.init("value_tier", .text), .init("tier_rank", .number), .init("customers", .number),
                .init("trailing_revenue", .number), .init("cumulative_share", .number)],
            rows: [["top", "1", "19", "398610.5046", "0.2070"], ["lapsed", "2", "1859", "-115.5303", "1.0000"]])
        let html = HTMLTable.render(ReportSection(title: "Tiers", table: tiers), context: nil)
        // 398,610.5046 − 115.5303 = 398,494.9743; ranks and cumulative shares do not add up.
        XCTAssertTrue(
            html.contains("<tr class=\"total\"><td>Total</td><td></td><td class=\"n\">1,878</td><td class=\"n\">398,494.97</td><td></td></tr>"),
            html)
        XCTAssertEqual(TotalsRow.sums(tiers)?[3], "398494.9743")
        // A table split by a second dimension repeats its customers: no total.
        let bySegment = ReportTable(
            columns: [.init("campaign_code", .text), .init("segment", .text), .init("treatment_customers", .number)],
            rows: [["C1", "new", "2"], ["C1", "loyal", "3"]])
        XCTAssertNil(TotalsRow.sums(bySegment))
    }

    func testCampaignNamesStandBesideCodes() {
        let table = ReportTable(
            columns: [.init("campaign_code", .text), .init("responded", .number)],
            rows: [["CMP-1", "3"], ["CMP-2", "4"]])
        let context = ReportContext(
            asOf: "2026-11-30", period: "every month", baseCurrency: "EUR", runID: 7, generatedAt: "2026-12-01 02:00 UTC",
            campaignNames: ["CMP-1": "Spring <sale>"])
        let html = HTMLTable.render(ReportSection(title: "C", table: table), context: context)
        XCTAssertTrue(html.contains("<th scope=\"col\">Campaign</th><th scope=\"col\">Campaign name</th><th scope=\"col\">Responded</th>"), html)
        XCTAssertTrue(html.contains("<td>CMP-1</td><td>Spring &lt;sale&gt;</td><td class=\"n\">3</td>"), html)
        XCTAssertTrue(html.contains("<td>CMP-2</td><td></td><td class=\"n\">4</td>"), html)
        XCTAssertTrue(html.contains("<tr class=\"total\"><td>Total</td><td></td><td class=\"n\">7</td></tr>"), html)
    }

    func testPagesCarryTheirContextAndAViewport() {
        let context = ReportContext(
            asOf: "2026-11-30", period: "12 months to 2026-11-30", baseCurrency: "EUR", runID: 42,
            generatedAt: "2026-12-01 02:00 UTC")
        let document = ReportDocument(
            name: "customer_rfm", title: "RFM segments",
            sections: [ReportSection(
                title: "RFM segments",
                table: ReportTable(
                    columns: [.init("segment", .text), .init("customers", .number), .init("customer_share", .number),
                        .init("revenue", .number), .init("revenue_share", .number)],
                    rows: [["champions", "440", "0.4", "1606484.7676", "0.6"], ["loyal", "660", "0.6", "1126410.2934", "0.4"]]))])
        let html = HTMLRenderer.render(document, context: context)
        XCTAssertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        for fact in ["<dt>As of</dt><dd>2026-11-30</dd>", "<dt>Period</dt><dd>12 months to 2026-11-30</dd>",
            "<dt>Currency</dt><dd>EUR</dd>", "<dt>Warehouse run</dt><dd>#42</dd>", "<dt>Generated</dt><dd>2026-12-01 02:00 UTC</dd>"]
        {
            XCTAssertTrue(html.contains(fact), fact)
        }
        XCTAssertTrue(html.contains("<svg class=\"chart\""), "the segments get their bar chart")
        XCTAssertTrue(html.contains("<div class=\"scroll\"><table>"), "tables scroll inside their container")
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("http"))
        XCTAssertTrue(html.contains("<td class=\"n\">2,732,895.06</td>"), "revenue total to the cent")
    }

    func testColumnDocumentationForCSVHeaders() {
        let text = ColumnLabels.describe([.init("revenue_share", .number), .init("segment", .text)])
        XCTAssertEqual(
            text,
            "| column | label | format |\n|---|---|---|\n| `revenue_share` | Revenue share | share or rate (0.25 = 25 %) |\n| `segment` | RFM segment | text |\n")
    }
}

extension LabelsAndFormatsTests {
    func testACountColumnWithFractionsKeepsTwoDecimalsInEveryRow() {
        let table = ReportTable(
            columns: [.init("frequency", .text), .init("customers", .number), .init("expected_purchases", .number)],
            rows: [["0", "827", "317.35"], ["1", "513", "227"]])
        let html = HTMLTable.render(ReportSection(title: "Holdout", table: table), context: nil)
        XCTAssertTrue(html.contains("<td>0</td><td class=\"n\">827</td><td class=\"n\">317.35</td>"), html)
        XCTAssertTrue(html.contains("<td>1</td><td class=\"n\">513</td><td class=\"n\">227.00</td>"), html)
    }
}

extension LabelsAndFormatsTests {
    func testTheForecastSaysWhyItsCountsDifferFromTheValueTiers() {
        let document = ReportDocument(
            name: "value_forecast", title: "Value tier forecast",
            sections: [ReportSection(
                title: "Tier counts 12 months after 2026-11",
                table: ReportTable(columns: [.init("value_tier", .text), .init("customers_now", .number)], rows: [["top", "19"]]))])
        let html = HTMLRenderer.render(document)
        XCTAssertTrue(html.contains("<p class=\"note\">Customers now are the monthly snapshot"), html)
        XCTAssertFalse(HTMLRenderer.render(ReportDocument(name: "customer_value", title: "t", sections: document.sections)).contains("class=\"note\""))
    }
}
