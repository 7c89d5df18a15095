import Foundation
@testable import Reports
import XCTest

/// The SVG chart library on hand-made data: marks drawn for every value,
/// the heatmap's chosen domain, escaping, deterministic output.
final class ChartTests: XCTestCase {
    func info(_ title: String = "T") -> ChartInfo {
        ChartInfo(id: "test \(title)", title: title, description: "D", xLabel: "X", yLabel: "Y")
    }

    func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    func testLineChartDrawsAPolylinePerRunAndTheReferenceDashed() {
        let chart = LineChart(
            info: info(), categories: ["2026-01", "2026-02", "2026-03", "2026-04"],
            series: [
                .init(name: "Revenue", values: ["10", "20", nil, "40"]),
                .init(name: "A year earlier", values: ["5", "6", "7", "8"], isReference: true),
            ],
            unit: .money(currency: "USD"))
        let svg = chart.svg()
        // The gap splits the first series into a line of two points and a lone point.
        XCTAssertEqual(count("<polyline class=\"mark\"", in: svg), 2)
        XCTAssertEqual(count("<circle class=\"mark\"", in: svg), 1)
        XCTAssertEqual(count("stroke-dasharray=\"5 3\" points=", in: svg), 1, "the reference line is dashed")
        XCTAssertTrue(svg.contains(#"viewBox="0 0 640 340""#))
        XCTAssertEqual(chart.dataTable().rows[2], ["2026-03", nil, "7"], "the table keeps the exact values and the gap")
    }

    func testBarChartHasOneMarkPerValueAndRanksByTheFirstSeries() {
        let chart = BarChart(
            info: info(), categories: ["b", "a", "c"],
            series: [.init(name: "Revenue", values: ["5", "9", nil])], unit: .money(currency: "EUR"), ranked: true)
        XCTAssertEqual(count("<rect class=\"mark\"", in: chart.svg()), 2)
        XCTAssertEqual(chart.dataTable().rows.map { $0[0] }, ["a", "b", "c"])
    }

    func testParetoComputesTheCumulativeShareWhenNotGiven() {
        let chart = ParetoChart(info: info(), categories: ["x", "y", "z"], values: ["50", "30", "20"], unit: .count("units"))
        XCTAssertEqual(chart.shares, ["0.5", "0.8", "1"])
        let svg = chart.svg()
        XCTAssertEqual(count("<rect class=\"mark\"", in: svg), 3)
        XCTAssertEqual(count("<circle class=\"mark\"", in: svg), 3)
        XCTAssertEqual(count("<polyline class=\"mark\"", in: svg), 1)
    }

    func testStackedBarsNormalizeToShares() {
        let chart = StackedBarChart(
            info: info(), categories: ["Revenue", "Orders"],
            series: [.init(name: "web", values: ["30", "1"]), .init(name: "store", values: ["10", "3"])],
            unit: .percent, normalized: true)
        XCTAssertEqual(chart.stack(0), [0.75, 0.25])
        XCTAssertEqual(chart.stack(1), [0.25, 0.75])
        XCTAssertEqual(count("<rect class=\"mark\"", in: chart.svg()), 4)
    }

    func testHeatmapShadesOnItsDomainAndOutlinesCellsOutsideIt() {
        let values: [[String?]] = [["1.0000", "0.40", "0.20"], ["1.0000", "0.30", nil]]
        let domain = HeatmapChart.domain(of: values, columns: 1..<3)
        XCTAssertEqual(domain.low, 0.2)
        XCTAssertEqual(domain.high, 0.4)
        XCTAssertEqual(HeatmapChart.lightness(0.2, in: domain), 97)
        XCTAssertEqual(HeatmapChart.lightness(0.4, in: domain), 42)
        XCTAssertEqual(HeatmapChart.lightness(0.3, in: domain), 70, "97 - 0.5 × 55 = 69.5, rounded half away from zero")
        XCTAssertEqual(HeatmapChart.lightness(1.0, in: domain), 42, "clamped")
        let chart = HeatmapChart(
            info: info(), rowLabels: ["2026-01", "2026-02"], columnLabels: ["0", "1", "2"], values: values, unit: .percent,
            domain: domain, domainNote: "month 0 outlined")
        let svg = chart.svg()
        XCTAssertEqual(count("<rect class=\"mark\"", in: svg), 5, "one per non-empty cell")
        XCTAssertEqual(count("stroke-dasharray=\"2 2\"", in: svg), 2, "the two month-0 cells lie outside the domain")
        // Whatever the domain, the first month would have washed the rest out on 0…1.
        XCTAssertNotEqual(HeatmapChart.lightness(0.4, in: (0, 1)), HeatmapChart.lightness(0.4, in: domain))
    }

    func testIntervalChartDrawsPointAndWhiskers() {
        let chart = IntervalChart(
            info: info(),
            estimates: [
                .init(category: "A", estimate: "0.02", low: "-0.01", high: "0.05"),
                .init(category: "B", estimate: "0.01", low: nil, high: nil),
            ],
            unit: .percent)
        let svg = chart.svg()
        XCTAssertEqual(count("<circle class=\"mark\"", in: svg), 2)
        XCTAssertEqual(count("<line class=\"mark\"", in: svg), 3, "one interval with its two end ticks")
        XCTAssertTrue(svg.contains("<line class=\"zero\""))
    }

    func testAChartWithNothingToDrawIsLeftOut() {
        let empty = BarChart(info: info(), categories: ["a"], series: [.init(name: "s", values: [nil])], unit: .number)
        XCTAssertFalse(empty.hasPlottedValue)
        XCTAssertTrue(BarChart(info: info(), categories: ["a"], series: [.init(name: "s", values: ["0"])], unit: .number).hasPlottedValue)
        let document = ReportDocument(
            name: "channel_mix", title: "Channel mix",
            sections: [ReportSection(
                title: "Revenue per channel",
                table: ReportTable(
                    columns: [.init("channel", .text), .init("revenue", .number), .init("orders", .number), .init("customers", .number)],
                    rows: []))])
        XCTAssertNil(ReportFigures.charts(for: document, currency: "USD")[0])
        XCTAssertFalse(HTMLRenderer.render(document).contains("<svg"))
    }

    func testTextIsEscapedEverywhere() {
        let nasty = "<script>alert('x')</script> & \"q\""
        let chart = BarChart(
            info: ChartInfo(id: nasty, title: nasty, description: nasty, xLabel: nasty, yLabel: nasty),
            categories: [nasty], series: [.init(name: nasty, values: ["1"])], unit: .count(nasty))
        let html = ChartFigure.html(chart)
        XCTAssertFalse(html.contains("<script"), html)
        XCTAssertTrue(html.contains("<title id=\"script-alert-x-script-q-title\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</title>"), html)
        XCTAssertTrue(html.contains("<desc id=\"script-alert-x-script-q-desc\">&lt;script&gt;"), html)
    }

    func testOutputIsDeterministicAndHasNoNegativeZero() {
        let chart = LineChart(
            info: info(), categories: ["a", "b"], series: [.init(name: "s", values: ["-0.00001", "0"])], unit: .number)
        XCTAssertEqual(chart.svg(), chart.svg())
        XCTAssertFalse(chart.svg().contains("\"-0\""))
        XCTAssertEqual(Markup.coordinate(-0.04), "0")
        XCTAssertEqual(Markup.coordinate(12.25), "12.3")
        XCTAssertEqual(Markup.coordinate(40), "40")
    }

    func testScalesHaveRoundTicksAndUnitsLabelTheAxes() {
        let (low, high) = LinearScale.niceDomain([3, 97])
        XCTAssertEqual(low, 0)
        XCTAssertEqual(high, 100)
        let scale = LinearScale(domain: (low, high), range: (300, 40))
        XCTAssertEqual(scale.ticks(), [0, 20, 40, 60, 80, 100])
        XCTAssertEqual(scale.position(50), 170)
        XCTAssertEqual(LinearScale.niceDomain([-0.013, 0.062]).0, -0.02)
        XCTAssertEqual(ChartUnit.money(currency: "USD").axisLabel("Revenue"), "Revenue (USD)")
        XCTAssertEqual(ChartUnit.percent.axisLabel("Retention"), "Retention (%)")
        XCTAssertEqual(ChartUnit.money(currency: "USD").tick(1_260_000), "1.3M")
        XCTAssertEqual(ChartUnit.money(currency: "USD").tick(25_000), "25k")
        XCTAssertEqual(ChartUnit.percent.tick(0.25), "25 %")
        XCTAssertEqual(ChartUnit.percent.tick(0.025), "2.5 %")
        XCTAssertEqual(ChartUnit.count("customers").tick(1200), "1.2k")
    }
}
