import Scoring
import XCTest

@testable import Propensity

/// Names, windows and dates of a run, without a database.
final class PropensityOptionsTests: XCTestCase {
    func testTheModelVersionNamesTheSettings() {
        let asOf = CalendarDate("2026-11-30")!
        XCTAssertEqual(PropensityOptions(asOf: asOf).modelVersion, "logit-2026-11-30-l2_1-w3")
        XCTAssertEqual(PropensityOptions(asOf: asOf, penalty: 0.5, trainingWindows: 2).modelVersion, "logit-2026-11-30-l2_0.5-w2")
    }

    func testTargetsAreNamedAfterHorizonAndChannel() {
        XCTAssertEqual(PropensityTarget.buy(days: 30).name, "buy_30d")
        XCTAssertEqual(PropensityTarget.respond(channel: "email", days: 90).name, "respond_email")
        XCTAssertEqual(
            [PropensityTarget.respond(channel: "sms", days: 90), .buy(days: 90), .respond(channel: "email", days: 90), .buy(days: 30)]
                .sorted().map(\.name),
            ["buy_30d", "buy_90d", "respond_email", "respond_sms"])
    }

    func testMonthsEarlierClampsToTheMonthEndAsPostgreSQLDoes() {
        XCTAssertEqual(CalendarDate("2026-05-31")!.monthsEarlier(3).description, "2026-02-28")
        XCTAssertEqual(CalendarDate("2024-05-31")!.monthsEarlier(3).description, "2024-02-29")
        XCTAssertEqual(CalendarDate("2026-01-15")!.monthsEarlier(12).description, "2025-01-15")
        // The marts' trailing 12 months of 30 Nov 2026 start on 1 Dec 2025.
        XCTAssertEqual(CalendarDate("2026-11-30")!.trailingWindowStart(months: 12).description, "2025-12-01")
        XCTAssertEqual(CalendarDate("2026-03-15")!.trailingWindowStart(months: 6).description, "2025-09-16")
    }

    func testWindowsEndByTheAsOfDateAndTheCheckOneHorizonEarlier() {
        var history = CustomerHistory(through: CalendarDate("2026-11-30")!)
        history.sales.day = [Int32(CalendarDate("2025-01-01")!.daysSinceEpoch)]
        let plan = WindowPlan(history: history, options: PropensityOptions(asOf: CalendarDate("2026-11-30")!))
        let buy = PropensityTarget.buy(days: 90)
        XCTAssertEqual(plan.scoreWindows(buy).map(\.description), ["2026-09-01", "2026-06-03", "2026-03-05"])
        XCTAssertEqual(plan.cutoff(buy).description, "2026-09-01")
        XCTAssertEqual(plan.checkWindows(buy).map(\.description), ["2026-06-03", "2026-03-05", "2025-12-05"])
        // Windows starting before the first order are dropped.
        let late = WindowPlan(history: history, options: PropensityOptions(asOf: CalendarDate("2025-09-01")!))
        XCTAssertEqual(late.scoreWindows(buy).map(\.description), ["2025-06-03", "2025-03-05"])
    }

    func testTierRanksFollowTheMartsRuleWithTiesSharingATier() throws {
        // Ten active customers: top ceil(10 × 0.01) = 1, high ≤ ceil(0.5) = 1, medium ≤ 2.
        let tiers = try TierShares(["0.01", "0.05", "0.20"])
        let revenue: [Int64?] = [500, 400, 400, 300, 200, 100, 90, 80, 70, 60, nil]
        XCTAssertEqual(tiers.ranks(revenue), [1, 3, 3, 4, 4, 4, 4, 4, 4, 4, 5])
        // A tie at the top takes everyone tied into the top tier.
        XCTAssertEqual(tiers.ranks([9, 9, 1, nil]), [1, 1, 4, 5])
        XCTAssertThrowsError(try TierShares(["0.01", "x", "0.2"]))
    }
}
