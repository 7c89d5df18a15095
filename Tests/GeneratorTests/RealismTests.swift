import Generator
import Pipeline
import XCTest

/// The generated business should look like a real one to the analyses.
final class RealismTests: XCTestCase {
    struct Line {
        var order: String, customer: String, amount: ExactDecimal, currency: String, at: Int64, status: String
        var campaign: String
    }

    /// Loaded transaction lines.
    func lines() -> [Line] {
        let csv = GeneratedFeeds.csv("transactions.csv")
        let rejected = GeneratedFeeds.validation.rejectedRows["transactions.csv", default: []]
        let timestamps = TimestampParser()
        return csv.rows.filter { !rejected.contains($0.line) }.map { row in
            let f = row.fields
            return Line(order: f[csv.column("order_id")], customer: f[csv.column("source_system")] + "/" + f[csv.column("customer_id")],
                        amount: ExactDecimal(f[csv.column("amount")])!, currency: f[csv.column("currency")],
                        at: timestamps.parse(f[csv.column("ordered_at")]).successValue!, status: f[csv.column("status")],
                        campaign: f[csv.column("campaign_code")])
        }
    }

    func testTransactionCountIsNearTheTarget() {
        let records = GeneratedFeeds.manifest.files["transactions.csv"]!.records
        XCTAssertEqual(Double(records), 30_000, accuracy: 30_000 * 0.15)
    }

    func testAmountIsQuantityTimesPriceMinusDiscountExactly() {
        let csv = GeneratedFeeds.csv("transactions.csv")
        let rejected = GeneratedFeeds.validation.rejectedRows["transactions.csv", default: []]
        for row in csv.rows where !rejected.contains(row.line) {
            let f = row.fields
            let quantity = ExactDecimal(f[csv.column("quantity")])!
            let price = ExactDecimal(f[csv.column("unit_price")])!
            let discount = ExactDecimal(f[csv.column("discount")]) ?? .zero
            let amount = quantity.multiplied(by: price)!.subtracting(discount)!
            XCTAssertEqual(amount, ExactDecimal(f[csv.column("amount")])!, "line \(row.line)")
            XCTAssertLessThanOrEqual(ExactDecimal(f[csv.column("amount")])!.scale, 2)
        }
    }

    func testManyOneTimeBuyersAndAParetoShapedRevenue() {
        let stats = GeneratedFeeds.manifest.statistics
        XCTAssertEqual(stats.oneTimeBuyerShare, 0.4, accuracy: 0.15)
        XCTAssertTrue((0.6...0.85).contains(stats.top20RevenueShare), "\(stats.top20RevenueShare)")
        // The same from the file, per source customer id, in each currency's units.
        var orders: [String: Set<String>] = [:], revenue: [String: Double] = [:]
        for l in lines() where l.status == "completed" {
            orders[l.customer, default: []].insert(l.order)
            revenue[l.customer, default: 0] += Double(l.amount.mantissa) / 100
        }
        let oneTime = Double(orders.values.filter { $0.count == 1 }.count) / Double(orders.count)
        XCTAssertTrue((0.25...0.65).contains(oneTime), "\(oneTime)")
        let sorted = revenue.values.sorted(by: >)
        let top = sorted.prefix(sorted.count / 5).reduce(0, +) / sorted.reduce(0, +)
        XCTAssertTrue((0.6...0.85).contains(top), "\(top)")
    }

    func testDecemberPeakAndWeekendLift() {
        var byMonth: [Int: Int] = [:], byWeekday = [Int](repeating: 0, count: 7)
        var seen = Set<String>()
        for l in lines() where seen.insert(l.order).inserted {
            let day = Int(l.at / 86_400_000_000)
            let d = Civil.date(day)
            byMonth[d.year * 12 + d.month - 1, default: 0] += 1
            byWeekday[Civil.weekday(day)] += 1
        }
        // December 2025 against the months around it (the customer base grows, so compare neighbours).
        let december = byMonth[2025 * 12 + 11]!
        let around = [2025 * 12 + 8, 2025 * 12 + 9, 2026 * 12 + 1, 2026 * 12 + 2].map { byMonth[$0]! }
        XCTAssertGreaterThan(Double(december), Double(around.reduce(0, +)) / 4 * 1.3)
        XCTAssertGreaterThan(byWeekday[5], byWeekday[0])  // Saturday over Monday
    }

    func testCurrenciesReturnsMultiLineOrdersAndCampaignOrders() {
        let all = lines()
        XCTAssertEqual(Set(all.map(\.currency)), ["USD", "EUR", "GBP"])
        let returned = all.filter { $0.status == "returned" }.count
        XCTAssertEqual(returned, GeneratedFeeds.manifest.expectations.returnedLines)
        XCTAssertEqual(Double(returned) / Double(all.count), 0.04, accuracy: 0.015)
        let linesPerOrder = Dictionary(grouping: all, by: \.order).values.map(\.count)
        XCTAssertGreaterThan(Double(linesPerOrder.filter { $0 > 1 }.count) / Double(linesPerOrder.count), 0.3)
        XCTAssertEqual(linesPerOrder.count, GeneratedFeeds.manifest.expectations.orders)
        let campaignOrders = Set(all.filter { !$0.campaign.isEmpty }.map(\.order)).count
        XCTAssertEqual(campaignOrders, GeneratedFeeds.manifest.expectations.campaignResponseOrders)
        XCTAssertGreaterThan(campaignOrders, 0)
    }

    func testCampaignFunnelUnsubscribesAndComplaints() {
        let csv = GeneratedFeeds.csv("interactions.csv")
        var counts: [InteractionType: Int] = [:]
        for row in csv.rows {
            if let type = InteractionType.parse(row.fields[csv.column("type")]).successValue { counts[type, default: 0] += 1 }
        }
        let sent = counts[.sent] ?? 0, opened = counts[.opened] ?? 0, clicked = counts[.clicked] ?? 0
        XCTAssertGreaterThan(sent, opened)
        XCTAssertGreaterThan(opened, clicked)
        XCTAssertGreaterThan(clicked, counts[.responded] ?? 0)
        XCTAssertGreaterThan(counts[.responded] ?? 0, 0)
        XCTAssertGreaterThan(counts[.unsubscribe] ?? 0, 0)
        XCTAssertGreaterThan((counts[.call] ?? 0) + (counts[.visit] ?? 0), 0)
    }

    func testFXRatesAreWeekdayFixingsCoveringTheHistory() {
        let csv = GeneratedFeeds.csv("fx_rates.csv")
        let rejected = GeneratedFeeds.validation.rejectedRows["fx_rates.csv", default: []]
        let dates = DateParser()
        var days = Set<Int32>()
        for row in csv.rows where !rejected.contains(row.line) {
            let day = dates.parse(row.fields[0]).successValue!
            XCTAssertLessThan(Civil.weekday(Int(day)), 5, row.fields[0])
            days.insert(day)
        }
        XCTAssertLessThan(Int(days.min()!), Civil.parse(GeneratedFeeds.manifest.settings.startDate)!)
        XCTAssertEqual(Int(days.max()!), Civil.parse("2026-10-30")!)  // the last weekday
    }
}
