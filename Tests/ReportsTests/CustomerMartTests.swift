import Foundation
import XCTest

/// customer_rfm, customer_value and the monthly snapshot on the generated
/// warehouse, against Reference: equal to the cent and to the customer.
final class CustomerMartTests: XCTestCase {
    func testSnapshotMatchesReferenceEveryMonth() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = Reference(lines: generated.lines)
        let rows = try generated.builder.records(
            """
            select month::text, customer_id, revenue::text, orders::text, trailing_revenue::text,
                trailing_orders::text, recency_days::text, r_score::text, f_score::text, m_score::text,
                tier_rank::text, is_active::text, first_order_month::text
            from dw.fact_customer_month
            """)
        var byMonth: [String: [String: [String: String?]]] = [:]
        for row in rows { byMonth[row["month"]!!, default: [:]][row["customer_id"]!!] = row }
        XCTAssertEqual(Set(byMonth.keys), Set(reference.months.map { Day.monthStart($0).monthText }))
        for month in reference.months {
            let expected = reference.snapshot(month: month)
            let actual = byMonth[Day.monthStart(month).monthText] ?? [:]
            XCTAssertEqual(
                Set(actual.keys).symmetricDifference(Set(expected.keys)).sorted(), [],
                "customers in one of SQL and reference only, \(Day.monthStart(month).monthText)")
            for (id, want) in expected {
                guard let got = actual[id] else { continue }
                let context = "\(id) in \(Day.monthStart(month).monthText)"
                XCTAssertEqual(Decimal(string: got["revenue"]!!), want.revenue, context)
                XCTAssertEqual(Int(got["orders"]!!), want.orders, context)
                XCTAssertEqual(Decimal(string: got["trailing_revenue"]!!), want.trailingRevenue, context)
                XCTAssertEqual(Int(got["trailing_orders"]!!), want.trailingOrders, context)
                XCTAssertEqual(Int(got["recency_days"]!!), want.recency, context)
                XCTAssertEqual(
                    [got["r_score"]!!, got["f_score"]!!, got["m_score"]!!].map { Int($0)! },
                    [want.r, want.f, want.m], context)
                XCTAssertEqual(Int(got["tier_rank"]!!), want.tier, context)
                XCTAssertEqual(got["is_active"]!!, want.isActive ? "true" : "false", context)
                XCTAssertEqual(got["first_order_month"]!!, Day.monthStart(want.firstOrderMonth).monthText, context)
            }
        }
    }

    func testRFMMatchesReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = Reference(lines: generated.lines)
        let asOf = Day("2025-06-17")
        let expected = reference.rfm(asOf: asOf)
        let rows = try generated.builder.records(
            """
            select customer_id, recency_days::text, frequency::text, monetary::text,
                r_score::text, f_score::text, m_score::text, segment
            from mart.customer_rfm('2025-06-17')
            """)
        XCTAssertEqual(rows.count, expected.count)
        XCTAssertGreaterThan(rows.count, 500)
        for row in rows {
            let id = row["customer_id"]!!
            guard let want = expected[id] else {
                XCTFail("unexpected customer \(id)")
                continue
            }
            XCTAssertEqual(Int(row["recency_days"]!!), want.recency, id)
            XCTAssertEqual(Int(row["frequency"]!!), want.frequency, id)
            XCTAssertEqual(Decimal(string: row["monetary"]!!), want.monetary, id)
            XCTAssertEqual(
                [row["r_score"]!!, row["f_score"]!!, row["m_score"]!!].map { Int($0)! }, [want.r, want.f, want.m], id)
            XCTAssertEqual(
                row["segment"]!!,
                SegmentRules.segment(r: want.r, f: want.f, orders: want.frequency, recencyDays: want.recency), id)
        }
        // One-order customers all have F 1; some of them are new, and ties
        // were planted by the generator (equal order days).
        XCTAssertEqual(Set(rows.filter { $0["frequency"]!! == "1" }.map { $0["f_score"]!! }), ["1"])
        XCTAssertTrue(rows.contains { $0["segment"]!! == "new" })
    }

    /// Customers with the same recency, frequency and monetary value get the
    /// same scores and segment, at the stored latest data, as of a past
    /// date and in every snapshot month.
    func testEqualValuesShareScoresAndSegment() throws {
        let generated = try GeneratedWarehouse.shared()
        for (name, relation, key, outcome) in [
            ("stored", "mart.customer_rfm", "recency_days, frequency, monetary", "r_score, f_score, m_score, segment"),
            (
                "as of", "mart.customer_rfm('2025-03-31')", "recency_days, frequency, monetary",
                "r_score, f_score, m_score, segment"
            ),
            (
                "snapshot", "dw.fact_customer_month", "month, recency_days, trailing_orders, trailing_revenue",
                "r_score, f_score, m_score, tier_rank"
            ),
        ] {
            let rows = try generated.builder.records(
                """
                select
                    count(*) filter (where outcomes > 1)::text as split,
                    count(*) filter (where customers > 1)::text as tied
                from (
                    select count(distinct (\(outcome))) as outcomes, count(*) as customers
                    from \(relation)
                    group by \(key)
                ) as g
                """)
            XCTAssertEqual(rows[0]["split"]!!, "0", "\(name): equal values with different scores")
            XCTAssertNotEqual(rows[0]["tied"]!!, "0", "\(name): the data has ties to check")
            // Recency and frequency alone tie far more often: F and R must
            // not split them either.
            let partial = try generated.builder.records(
                """
                select count(*)::text as split
                from (
                    select 1 from \(relation)
                    group by \(key.components(separatedBy: ", ").dropLast().joined(separator: ", "))
                    having count(distinct (r_score, f_score)) > 1
                ) as g
                """)
            XCTAssertEqual(partial[0]["split"]!!, "0", "\(name): equal recency and frequency with different R or F")
        }
    }

    func testCustomerValueMatchesReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let reference = Reference(lines: generated.lines)
        let asOf = Day("2025-05-31")
        let history = reference.figures { $0.day <= asOf }.filter { !$0.value.orders.isEmpty }
        let tiers = reference.valueTiers(asOf: asOf)
        let rows = try generated.builder.records(
            "select customer_id, orders::text, revenue::text, margin::text, tier_rank::text from mart.customer_value('2025-05-31')")
        XCTAssertEqual(Set(rows.map { $0["customer_id"]!! }).symmetricDifference(Set(history.keys)).sorted(), [])
        for row in rows {
            let id = row["customer_id"]!!
            XCTAssertEqual(Decimal(string: row["revenue"]!!), history[id]?.revenue, id)
            XCTAssertEqual(Decimal(string: row["margin"]!!), history[id]?.margin, id)
            XCTAssertEqual(Int(row["orders"]!!), history[id]?.orders.count, id)
            XCTAssertEqual(Int(row["tier_rank"]!!), tiers[id], id)
        }
        let scored = try generated.builder.records(
            """
            select count(*) filter (where v.predicted_clv is distinct from s.clv)::text as mismatched
            from mart.customer_value('2025-05-31') as v
            left join dw.customer_score as s using (customer_id)
            """)
        XCTAssertEqual(scored[0]["mismatched"]!!, "0", "predicted CLV beside historic value")
    }

    /// The stored tables the default reports read must be what the functions
    /// compute at the latest data (a data test: zero rows either way).
    func testStoredCurrentTablesEqualTheirFunctions() throws {
        let generated = try GeneratedWarehouse.shared()
        for (table, function) in [
            ("mart.customer_rfm_current", "mart.customer_rfm_compute(mart.default_as_of())"),
            ("mart.customer_value_current", "mart.customer_value_compute(mart.default_as_of())"),
            ("mart.customer_trend_current", "mart.customer_trend_compute(mart.default_as_of())"),
            ("mart.cohort_retention_table", "mart.cohort_retention_compute()"),
            ("mart.channel_mix_current", "mart.channel_mix_compute(null, 12)"),
            ("mart.channel_customers_current", "mart.channel_customers_compute(null, 12)"),
            ("mart.campaign_response_current", "mart.campaign_response_compute(null, null)"),
            (
                "mart.product_pair_affinity_current",
                "mart.product_pair_affinity((mart.default_as_of() - interval '1 month')::date + 1, mart.default_as_of(), 2)"
            ),
        ] {
            let count = try generated.builder.records(
                """
                select
                    (select count(*) from (select * from \(table) except select * from \(function)) as a)::text
                        as missing,
                    (select count(*) from (select * from \(function) except select * from \(table)) as b)::text
                        as extra,
                    (select count(*) from \(table))::text as stored
                """)[0]
            XCTAssertEqual(count["missing"]!!, "0", table)
            XCTAssertEqual(count["extra"]!!, "0", table)
            XCTAssertNotEqual(count["stored"]!!, "0", table)
        }
    }
}

/// The R × F grid of docs/marts.md (rows R 5…1, columns F 1…5), with a
/// recent first order making a one-order customer new.
enum SegmentRules {
    static let grid: [[String]] = [
        ["promising", "potential loyalists", "potential loyalists", "champions", "champions"],  // R 5
        ["promising", "potential loyalists", "potential loyalists", "loyal", "loyal"],  // R 4
        ["about to sleep", "about to sleep", "need attention", "loyal", "loyal"],  // R 3
        ["hibernating", "hibernating", "at risk", "at risk", "can't lose"],  // R 2
        ["hibernating", "hibernating", "at risk", "at risk", "can't lose"],  // R 1
    ]

    static func segment(r: Int, f: Int, orders: Int, recencyDays: Int, newCustomerDays: Int = 90) -> String {
        if orders == 1 && recencyDays <= newCustomerDays { return "new" }
        return grid[5 - r][f - 1]
    }
}
