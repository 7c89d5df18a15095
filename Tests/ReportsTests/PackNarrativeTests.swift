import Foundation
@testable import Reports
import XCTest

/// The management pack's sentences on hand-made tables, against figures
/// worked out here by hand (in the comments) rather than by the code under test.
final class PackNarrativeTests: XCTestCase {
    func table(_ names: [String], _ rows: [[String?]], text: Set<String> = []) -> ReportTable {
        ReportTable(columns: names.map { .init($0, text.contains($0) ? .text : .number) }, rows: rows)
    }

    func testValueSentence() {
        let names = ["value_tier", "customer_share", "pareto_share", "cumulative_share"]
        let now = table(names, [["top", "0.0100", "0.2800", "0.2800"], ["high", "0.0400", "0.2000", "0.4800"]], text: ["value_tier"])
        let before = table(names, [["top", "0.0100", "0.2680", "0.2680"]], text: ["value_tier"])
        // 28.00 % − 26.80 % = 1.2 points.
        XCTAssertEqual(
            PackNarrative.value(now, previous: before),
            "The top tier, 1.0 % of customers, brings 28.0 % of trailing 12-month revenue, up 1.2 points on a month earlier; the top two tiers bring 48.0 %.")
        XCTAssertEqual(
            PackNarrative.value(now, previous: nil),
            "The top tier, 1.0 % of customers, brings 28.0 % of trailing 12-month revenue; the top two tiers bring 48.0 %.")
    }

    func testMigrationSentence() {
        let rows: [[String?]] = [
            ["2026-10-01", "2026-11-01", "top", "top", "1", "1", "17", "0.894737"],
            ["2026-10-01", "2026-11-01", "top", "high", "1", "2", "2", "0.105263"],
            ["2026-10-01", "2026-11-01", "high", "top", "2", "1", "2", "0.026316"],
            ["2026-10-01", "2026-11-01", "low", "high", "3", "2", "1000", "0.1"],
            ["2026-10-01", "2026-11-01", "high", "low", "2", "3", "11", "0.14"],
        ]
        let migration = table(
            ["from_month", "to_month", "from_tier", "to_tier", "from_rank", "to_rank", "customers", "probability"], rows,
            text: ["from_month", "to_month", "from_tier", "to_tier"])
        // Up: 2 (high→top) + 1,000 (low→high) = 1,002; down: 2 (top→high) + 11 (high→low) = 13.
        XCTAssertEqual(
            PackNarrative.migration(migration),
            "From 2026-10 to 2026-11, 89.5 % of top-tier customers stayed in it; 1,002 customers moved up at least one tier and 13 moved down.")
    }

    func testRetentionSentencePoolsCohorts() {
        var rows: [[String?]] = []
        // Month-1 actives of 12 cohorts of 100 customers: 30 … 41; the latest six (36 … 41) pool to 231 / 600,
        // the six before (30 … 35) to 195 / 600.
        for index in 0..<12 {
            let cohort = MonthLabel.shift("2025-11", by: index)
            rows.append([cohort, "0", "100", "100"])
            rows.append([cohort, "1", "100", String(30 + index)])
        }
        let long = table(["cohort", "months_since", "cohort_customers", "active_customers"], rows, text: ["cohort"])
        XCTAssertEqual(
            PackNarrative.retention(long),
            "Month-1 retention of the 6 latest cohorts (2026-05 to 2026-10) is 38.5 %, against 32.5 % for the 6 cohorts before.")
    }

    func testCLVSentence() {
        let tiers = table(["value_tier", "average_predicted_clv"], [["top", "14080.21"], ["high", "3169.12"]], text: ["value_tier"])
        // 14,080.21 / 1,234.56 = 11.405 → 11.4 times.
        XCTAssertEqual(
            PackNarrative.clv(tiers: tiers, average: "1234.56", currency: "USD"),
            "Average predicted CLV is 1,234.56 USD per customer; the top tier averages 14,080.21 USD, 11.4 times as much.")
    }

    func testNothingScoredGivesNoCLVSentence() {
        let tiers = table(["value_tier", "average_predicted_clv"], [["top", "0.00"]], text: ["value_tier"])
        XCTAssertNil(PackNarrative.clv(tiers: tiers, average: nil, currency: "USD"))
    }

    func testCohortsKeepTheMonthsCompleteByTheAsOfDate() {
        let long = table(
            ["cohort", "months_since", "retention_rate"],
            [["2026-01", "0", "1"], ["2026-01", "1", "0.4"], ["2026-01", "2", "0.3"], ["2026-02", "0", "1"], ["2026-02", "1", "0.5"]],
            text: ["cohort"])
        let section = ReportSection(title: "Cohorts", table: long)
        // 31 March is a month end: March counts (2026-01 + 2, 2026-02 + 1).
        XCTAssertEqual(ManagementPack.cohorts(section, through: "2026-03-31").table.rows.count, 5)
        // 15 March is not: February is the last complete month.
        XCTAssertEqual(
            ManagementPack.cohorts(section, through: "2026-03-15").table.rows.map { "\($0[0]!)+\($0[1]!)" },
            ["2026-01+0", "2026-01+1", "2026-02+0"])
    }

    func testCampaignSentenceCountsIntervalsOfTheLastTwelveMonths() {
        let names = ["campaign_code", "start_date", "attributed_revenue", "response_uplift_low_rate", "response_uplift_high_rate"]
        let campaigns = table(names, [
            ["OLD", "2025-11-30", "999", "0.01", "0.02"],
            ["A", "2025-12-01", "100.50", "0.01", "0.05"],
            ["B", "2026-03-01", "200", "-0.02", "0.03"],
            ["C", "2026-06-01", "300", "-0.05", "-0.01"],
            ["D", "2026-09-01", "49.50", nil, nil],
            ["LATER", "2026-12-01", "1000", "0.01", "0.02"],
        ], text: ["campaign_code", "start_date"])
        // In the window (after 2025-11-30, up to the as-of date): A raised, C lowered, B inconclusive;
        // D had no control group; LATER started after the as-of date.
        // Revenue 100.50 + 200 + 300 + 49.50 = 650.00.
        XCTAssertEqual(
            PackNarrative.campaigns(campaigns, asOf: "2026-11-30", currency: "EUR"),
            "Of 3 campaigns with a control group started after 2025-11-30, 1 raised the response rate (95 % interval above zero) and 1 lowered it; the campaigns of these 12 months brought 650.00 EUR of attributed revenue.")
    }

    func testChannelProductAndMarketSentences() {
        let channels = table(
            ["channel", "revenue", "revenue_share"], [["store", "506394.74", "0.2631"], ["web", "737058.95", "0.3830"]],
            text: ["channel"])
        let usage = table(
            ["channel_usage", "revenue_per_customer"], [["multichannel", "1758.39"], ["single channel", "672.58"]],
            text: ["channel_usage"])
        // 1,758.39 / 672.58 = 2.614 → 2.6.
        XCTAssertEqual(
            PackNarrative.channels(channels, usage: usage),
            "Web brings 38.3 % of revenue. Multichannel customers spend 2.6 times as much each as single-channel ones.")
        let categories = table(
            ["category", "revenue", "revenue_share"], [["Books", "10", "0.1"], ["Electronics", "411340.50", "0.2137"]],
            text: ["category"])
        let concentration = table(["top_20_percent_revenue_share"], [["0.5781"]])
        XCTAssertEqual(
            PackNarrative.products(categories, concentration: concentration),
            "Electronics leads with 21.4 % of revenue; the top 20 % of SKUs bring 57.8 %.")
        let market = table(
            ["country", "city", "revenue", "revenue_last_year"],
            [["DE", "Berlin", "600", "400"], ["DE", "Munich", "200", "100"], ["FR", "Paris", "200", "300"],
                ["other", "other", "900", "0"]],
            text: ["country", "city"])
        // DE: 800 of 1,900 = 42.1 %; a year earlier 500, so +60.0 %. The pooled small countries bring
        // more (900) but are not a market to name.
        XCTAssertEqual(
            PackNarrative.markets(market, currency: "USD"),
            "DE brings 42.1 % of revenue (800.00 USD), +60.0 % on the same months a year earlier; 2 countries shown and smaller ones pooled.")
    }

    func testKPICardsCompareWithThePreviousMonthAndAYearEarlier() throws {
        var rows: [[String?]] = []
        for index in 0..<13 {
            rows.append([MonthLabel.shift("2025-11", by: index) + "-01", String(100 + index), "0.80"])
        }
        rows[11][2] = "0.7850"
        let kpis = table(["month", "revenue", "retention_rate"], rows, text: ["month"])
        let (month, cards) = try XCTUnwrap(KPICards.cards(kpis))
        XCTAssertEqual(month, "2026-11")
        XCTAssertEqual(cards.map(\.label), ["Revenue", "Retention rate"])
        // Revenue 112 against 111 (+0.9 %) and 100 (+12.0 %); retention 80.0 % against 78.5 % (+1.5 pts) and 80.0 %.
        XCTAssertEqual(ChangeText.change(from: cards[0].previousMonth, to: cards[0].value, role: .money), "+0.9 %")
        XCTAssertEqual(ChangeText.change(from: cards[0].lastYear, to: cards[0].value, role: .money), "+12.0 %")
        XCTAssertEqual(ChangeText.change(from: cards[1].previousMonth, to: cards[1].value, role: .percent), "+1.5 pts")
        XCTAssertEqual(ChangeText.change(from: cards[1].lastYear, to: cards[1].value, role: .percent), "0.0 pts")
        XCTAssertEqual(ChangeText.change(from: "200", to: "150", role: .count), "\u{2212}25.0 %")
        XCTAssertNil(ChangeText.change(from: nil, to: "1", role: .count))
        XCTAssertEqual(MonthLabel.shift("2026-01", by: -1), "2025-12")
        XCTAssertEqual(ManagementPack.previousMonthEnd("2026-03-15"), "2026-02-28")
    }
}
