import PostgresClient
import Reports
import XCTest

/// The marts on the hand-checkable fixture (HandFixture): returns, a
/// one-order customer, a customer with two SCD2 versions, a month without
/// activity and a tie at a tier cut-off. Expected values are worked out
/// by hand in the comments.
final class HandFixtureTests: XCTestCase {
    nonisolated(unsafe) static var shared: WarehouseBuilder?

    var warehouse: WarehouseBuilder {
        get throws {
            if let shared = Self.shared { return shared }
            let built = try HandFixture.build()
            Self.shared = built
            return built
        }
    }

    func testCustomerValueCountsTheMovedCustomerOnceAndNetsReturns() throws {
        let rows = try warehouse.records(
            """
            select customer_id, orders::text, revenue::text, margin::text, trailing_revenue::text, value_tier
            from mart.customer_value('2025-03-31') order by customer_id
            """)
        XCTAssertEqual(rows.map { $0["customer_id"]! }, ["A", "B", "C", "D", "E"])
        // A: 100 + 200 over two versions; margin 100 − 10 × 4 + 200 (P2 has no cost).
        XCTAssertEqual(rows[0]["revenue"]!, "300.0000")
        XCTAssertEqual(rows[0]["margin"]!, "260.0000")
        XCTAssertEqual(rows[0]["orders"]!, "2")
        // C: 250 − 50 returned, one order; margin 250 − 8 − (50 − 4).
        XCTAssertEqual(rows[2]["revenue"]!, "200.0000")
        XCTAssertEqual(rows[2]["margin"]!, "196.0000")
        XCTAssertEqual(rows[2]["orders"]!, "1")
        // Ranks A 1, B 2, C 2, D 4, E 5; the top tier takes ranks ≤ ceil(5 × 0.25) = 2,
        // so C (third by position) shares B's rank and tier; D ≤ ceil(3.75) = 4 is medium.
        XCTAssertEqual(rows.map { $0["value_tier"]! }, ["top", "top", "top", "medium", "low"])
    }

    func testValueTiersParetoShare() throws {
        let rows = try warehouse.records(
            "select value_tier, customers::text, trailing_revenue::text, pareto_share::text from mart.value_tiers('2025-03-31')")
        XCTAssertEqual(rows.map { $0["value_tier"]! }, ["top", "medium", "low"])
        XCTAssertEqual(rows.map { $0["customers"]! }, ["3", "1", "1"])
        // 700 / 850, 100 / 850, 50 / 850.
        XCTAssertEqual(rows.map { $0["pareto_share"]! }, ["0.8235", "0.1176", "0.0588"])
    }

    func testRFMScoresAndSegments() throws {
        let rows = try warehouse.records(
            """
            select customer_id, recency_days::text, frequency::text, monetary::text,
                r_score::text || f_score::text || m_score::text as cell, segment
            from mart.customer_rfm('2025-05-31') order by customer_id
            """)
        // Recency to 31 May: A 87, B 82, C 136 (the return is no order), D 61, E 146.
        XCTAssertEqual(rows.map { $0["recency_days"]! }, ["87", "82", "136", "61", "146"])
        XCTAssertEqual(rows.map { $0["frequency"]! }, ["2", "1", "1", "1", "1"])
        // R: 1 + ⌊5 × customers with an earlier last order / 5⌋: E 1, C 2, A 3, B 4, D 5.
        // F from the bands (2 orders: 2, one order: 1). M: E 1, D 2, B and C tie at
        // 200 with two below them: both 3; A 5.
        XCTAssertEqual(rows.map { $0["cell"]! }, ["325", "413", "213", "512", "111"])
        // B and D ordered once within 90 days: new. The grid: A (R 3, F 2) about
        // to sleep; C (R 2, F 1) and E (R 1, F 1) hibernating.
        XCTAssertEqual(
            rows.map { $0["segment"]! }, ["about to sleep", "new", "hibernating", "new", "hibernating"])
    }

    func testKPIsIncludeTheEmptyMonth() throws {
        let rows = try warehouse.records(
            """
            select month::text, active_customers::text, new_customers::text, returning_customers::text,
                base_customers::text, churned_customers::text, revenue::text, orders::text,
                average_order_value::text, repeat_purchase_rate::text
            from mart.kpi_monthly order by month
            """)
        XCTAssertEqual(rows.map { $0["month"]! }, ["2025-01-01", "2025-02-01", "2025-03-01"])
        XCTAssertEqual(rows.map { $0["active_customers"]! }, ["3", "0", "3"])
        XCTAssertEqual(rows.map { $0["new_customers"]! }, ["3", "0", "2"])
        XCTAssertEqual(rows.map { $0["returning_customers"]! }, ["0", "0", "1"])
        // A, C and E bought in January: in the base of February and March, none churned yet.
        XCTAssertEqual(rows.map { $0["base_customers"]! }, ["0", "3", "3"])
        XCTAssertEqual(rows.map { $0["churned_customers"]! }, ["0", "0", "0"])
        // January 100 + 250 − 50 + 50; March 200 + 200 + 100 + 30 from the unknown customer.
        XCTAssertEqual(rows.map { $0["revenue"]! }, ["350.0000", "0.0000", "530.0000"])
        XCTAssertEqual(rows.map { $0["orders"]! }, ["3", "0", "4"])
        XCTAssertEqual(rows[2]["average_order_value"]!, "132.50")
        XCTAssertEqual(rows.map { $0["repeat_purchase_rate"]! }, ["0.0000", "0.0000", "0.2000"])
    }

    func testChurnAfterTheInactivityWindow() throws {
        let warehouse = try self.warehouse
        try warehouse.setSetting("churn_inactive_months", "1")
        defer { _ = try? warehouse.setSetting("churn_inactive_months", "3") }
        let rows = try warehouse.records(
            "select month::text, base_customers::text, churned_customers::text from mart.kpi_monthly_compute()")
        // With one month: A, C, E (January) churn in February; March's base is empty.
        XCTAssertEqual(rows.map { $0["churned_customers"]! }, ["0", "3", "0"])
        XCTAssertEqual(rows.map { $0["base_customers"]! }, ["0", "3", "0"])
    }

    func testSnapshotRowsOfTheMonthWithoutActivity() throws {
        let rows = try warehouse.records(
            """
            select customer_id, revenue::text, trailing_revenue::text, is_active::text, value_tier
            from dw.fact_customer_month where month = '2025-02-01' order by customer_id
            """)
        XCTAssertEqual(rows.map { $0["customer_id"]! }, ["A", "C", "E"])
        XCTAssertEqual(rows.map { $0["revenue"]! }, ["0.0000", "0.0000", "0.0000"])
        XCTAssertEqual(rows.map { $0["trailing_revenue"]! }, ["100.0000", "200.0000", "50.0000"])
        XCTAssertEqual(rows.map { $0["is_active"]! }, ["false", "false", "false"])
        // Three customers: cut-offs at ranks 1, 2, 3.
        XCTAssertEqual(rows.map { $0["value_tier"]! }, ["high", "top", "medium"])
    }

    func testValueMigrationFebruaryToMarch() throws {
        let rows = try warehouse.records(
            """
            select from_tier, to_tier, customers::text, probability::text
            from mart.value_migration('2025-02-01', '2025-03-01')
            """)
        // C top → top, A high → top, E medium → low; B and D were not customers yet.
        XCTAssertEqual(
            rows.map { "\($0["from_tier"]!!)>\($0["to_tier"]!!):\($0["customers"]!!)" },
            ["top>top:1", "high>top:1", "medium>low:1"])
        XCTAssertEqual(rows.map { $0["probability"]! }, ["1.000000", "1.000000", "1.000000"])
    }

    func testCohortRetention() throws {
        let rows = try warehouse.records(
            """
            select cohort, months_since::text, cohort_customers::text, active_customers::text,
                retention_rate::text, revenue::text, revenue_retention::text
            from mart.cohort_retention
            """)
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows[1]["cohort"]!, "2025-01")
        XCTAssertEqual(rows[1]["months_since"]!, "2")
        XCTAssertEqual(rows[1]["active_customers"]!, "1")
        XCTAssertEqual(rows[1]["retention_rate"]!, "0.3333")
        // A's 200 in March against the cohort's 350 in January.
        XCTAssertEqual(rows[1]["revenue_retention"]!, "0.5714")
        XCTAssertEqual(rows[2]["cohort"]!, "2025-03")
        XCTAssertEqual(rows[2]["cohort_customers"]!, "2")
    }

    func testChannelMixSeparatesSingleAndMultichannelCustomers() throws {
        let channels = try warehouse.records(
            "select channel, revenue::text, orders::text, customers::text from mart.channel_mix('2025-03-31', 3)")
        XCTAssertEqual(channels.map { $0["channel"]! }, ["web", "store"])
        // Known customers only: web 100 + 200 + 200 + 100 + 50, store B's 200.
        XCTAssertEqual(channels.map { $0["revenue"]! }, ["650.0000", "200.0000"])
        XCTAssertEqual(channels.map { $0["customers"]! }, ["4", "1"])
        let usage = try warehouse.records(
            "select channel_usage, customers::text from mart.channel_customers('2025-03-31', 3)")
        XCTAssertEqual(usage.map { $0["channel_usage"]! }, ["single channel"])
        XCTAssertEqual(usage.map { $0["customers"]! }, ["5"])
    }

    func testEveryReportRunsOnTheFixture() throws {
        for report in ReportCatalog.all {
            let document = try report.run(try warehouse.connection)
            XCTAssertFalse(document.sections.isEmpty, report.name)
            for section in document.sections {
                XCTAssertFalse(section.table.columns.isEmpty, "\(report.name): \(section.title)")
            }
        }
    }
}
