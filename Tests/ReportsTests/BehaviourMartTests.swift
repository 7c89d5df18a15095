import Foundation
import XCTest

/// product_affinity, channel_mix, campaign_response and contact_frequency
/// on the generated warehouse against Swift recomputations (customer_trend:
/// TrendDefinitionTests).
final class BehaviourMartTests: XCTestCase {
    func testCategoryAffinityMatchesReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = Reference(lines: generated.lines)
        let last = reference.months.upperBound
        // Orders of the 12 months by their first line, with the categories
        // of all their purchase lines, whichever month those fall in.
        let windowOrders = Set(reference.orderFirstLines.filter { $0.month > last - 12 }.map(\.orderID))
        XCTAssertTrue(
            reference.orderFirstLines.contains { first in
                generated.lines.contains { $0.orderID == first.orderID && $0.month != first.month }
            }, "the data has orders spanning a month end")
        var categories: [String: Set<String>] = [:]
        for line in generated.lines where !line.isReturn && windowOrders.contains(line.orderID) {
            categories[line.orderID, default: []].insert(line.category)
        }
        var single: [String: Int] = [:]
        var pairs: [String: Int] = [:]
        for set in categories.values {
            for a in set {
                single[a, default: 0] += 1
                for b in set where a < b { pairs["\(a)|\(b)", default: 0] += 1 }
            }
        }
        let rows = try generated.builder.records(
            "select category_a, category_b, orders_both::text, orders_a::text, orders_b::text, lift::text from mart.product_affinity")
        XCTAssertEqual(rows.count, pairs.count)
        for row in rows {
            let a = row["category_a"]!!, b = row["category_b"]!!
            let both = pairs["\(a)|\(b)"] ?? -1
            XCTAssertEqual(Int(row["orders_both"]!!), both, "\(a)|\(b)")
            XCTAssertEqual(Int(row["orders_a"]!!), single[a])
            XCTAssertEqual(Int(row["orders_b"]!!), single[b])
            let lift = Double(both) * Double(categories.count) / Double(single[a]! * single[b]!)
            XCTAssertEqual(Double(row["lift"]!!)!, lift, accuracy: 0.00005)
        }
    }

    func testChannelMixMatchesReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let last = Reference(lines: generated.lines).months.upperBound
        let recent = generated.lines.filter { $0.isKnownCustomer && $0.month > last - 12 }
        let rows = try generated.builder.records(
            "select channel, revenue::text, orders::text, customers::text from mart.channel_mix")
        XCTAssertEqual(Set(rows.map { $0["channel"]!! }), Set(recent.map(\.channel)))
        // Revenue by each line's channel; orders once, in their first line's.
        let recentOrders = Reference(lines: generated.lines).orderFirstLines
            .filter { $0.isKnownCustomer && $0.month > last - 12 }
        for row in rows {
            let lines = recent.filter { $0.channel == row["channel"]!! }
            let orders = recentOrders.filter { $0.channel == row["channel"]!! }
            XCTAssertEqual(Decimal(string: row["revenue"]!!), lines.reduce(0) { $0 + $1.amount })
            XCTAssertEqual(Int(row["orders"]!!), orders.count)
            XCTAssertEqual(Int(row["customers"]!!), Set(orders.map(\.customerID)).count)
        }
        let total = try generated.builder.records("select sum(orders)::text as orders from mart.channel_mix")
        XCTAssertEqual(Int(total[0]["orders"]!!), recentOrders.count, "each order in one channel")
        var channels: [String: Set<String>] = [:]
        for line in recentOrders { channels[line.customerID, default: []].insert(line.channel) }
        let usage = try generated.builder.records(
            "select channel_usage, customers::text from mart.channel_customers() order by channel_usage")
        XCTAssertEqual(
            usage.map { Int($0["customers"]!!)! },
            [channels.values.filter { $0.count > 1 }.count, channels.values.filter { $0.count == 1 }.count])
    }

    func testCampaignResponseMatchesReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let window = 30.0 * 86_400
        var contacted: [String: Set<String>] = [:]
        var responders: [String: Set<String>] = [:]
        var responses: [(campaign: String, customer: String, epoch: Double)] = []
        for touch in generated.interactions where touch.customerID != "unknown" {
            contacted[touch.campaign, default: []].insert(touch.customerID)
            if touch.type == "responded" {
                responders[touch.campaign, default: []].insert(touch.customerID)
                responses.append((touch.campaign, touch.customerID, touch.epoch))
            }
        }
        // Each line to the customer's most recent response at or before it
        // within the window (the greater campaign code at one instant).
        let responsesByCustomer = Dictionary(grouping: responses, by: \.customer)
        var attributed: [String: Decimal] = [:]
        for line in generated.lines {
            let winner = (responsesByCustomer[line.customerID] ?? [])
                .filter { $0.epoch <= line.epoch && line.epoch < $0.epoch + window }
                .max { ($0.epoch, $0.campaign) < ($1.epoch, $1.campaign) }
            if let winner { attributed[winner.campaign, default: 0] += line.amount }
        }
        let rows = try generated.builder.records(
            """
            select campaign_code, treatment_customers::text as contacted, responded::text as responded,
                attributed_revenue::text as revenue, uplift_basis
            from mart.campaign_response where breakdown = 'campaign'
            """)
        XCTAssertEqual(Set(rows.map { $0["campaign_code"]!! }), Set(contacted.keys))
        for row in rows {
            let campaign = row["campaign_code"]!!
            XCTAssertEqual(Int(row["contacted"]!!), contacted[campaign]?.count, campaign)
            XCTAssertEqual(Int(row["responded"]!!), responders[campaign]?.count ?? 0, campaign)
            XCTAssertEqual(Decimal(string: row["revenue"]!!), attributed[campaign] ?? 0, campaign)
            XCTAssertEqual(row["uplift_basis"], "no control group", campaign)
        }
        XCTAssertGreaterThan(responses.count, 0, "the data set has responders")
    }

    func testCampaignResponseAsOfCountsWhatWasKnownThen() throws {
        let generated = try GeneratedWarehouse.shared()
        let asOf = try XCTUnwrap(
            try generated.builder.records(
                "select (min(occurred_at) + (max(occurred_at) - min(occurred_at)) / 2)::date::text as day from dw.fact_interaction"
            ).first?["day"] ?? nil)
        let actual = try generated.builder.records(
            """
            select campaign_code, treatment_customers::text as contacted, responded::text as responded
            from mart.campaign_response($1::date, 30) where breakdown = 'campaign' order by 1
            """, [asOf])
        // The same per campaign from the facts, one touch at a time.
        let expected = try generated.builder.records(
            """
            with touch as (
                select c.campaign_code, i.customer_id,
                    min(i.occurred_at) filter (where i.interaction_type = 'responded') as responded_at
                from dw.fact_interaction as i join dw.dim_campaign as c using (campaign_key)
                where i.customer_id <> 'unknown' and i.campaign_key <> -1
                    and i.occurred_at < ($1::date + 1)::timestamptz
                group by 1, 2
            )
            select t.campaign_code, count(*)::text as contacted, count(t.responded_at)::text as responded
            from touch as t group by 1 order by 1
            """, [asOf])
        XCTAssertFalse(actual.isEmpty)
        XCTAssertEqual(actual.map { $0["campaign_code"]!! }, expected.map { $0["campaign_code"]!! })
        for (row, reference) in zip(actual, expected) {
            XCTAssertEqual(row["contacted"], reference["contacted"], row["campaign_code"]!!)
            XCTAssertEqual(row["responded"], reference["responded"], row["campaign_code"]!!)
        }
        let latest = try generated.builder.records(
            "select sum(treatment_customers)::text as n from mart.campaign_response where breakdown = 'campaign'")
        XCTAssertLessThan(
            actual.reduce(0) { $0 + Int($1["contacted"]!!)! }, Int(latest.first!["n"]!!)!,
            "contacts after the as-of date are not counted")
    }

    func testContactFrequencyAgainstASecondQuery() throws {
        let generated = try GeneratedWarehouse.shared()
        let actual = try generated.builder.records(
            "select contacts_per_month, customer_months::text from mart.contact_frequency(null, 120)")
        // The same buckets counted one customer-month at a time in plain SQL.
        let expected = try generated.builder.records(
            """
            select
                case when sent >= 10 then '10+' else sent::text end as contacts_per_month,
                count(*)::text as customer_months
            from (
                select customer_id, to_char(occurred_at, 'YYYY-MM'),
                    sum(case when interaction_type = 'sent' then 1 else 0 end) as sent
                from dw.fact_interaction
                where customer_id <> 'unknown'
                group by 1, 2
            ) as months
            group by 1
            """)
        XCTAssertEqual(
            Dictionary(uniqueKeysWithValues: actual.map { ($0["contacts_per_month"]!!, $0["customer_months"]!!) }),
            Dictionary(uniqueKeysWithValues: expected.map { ($0["contacts_per_month"]!!, $0["customer_months"]!!) }))
    }
}
