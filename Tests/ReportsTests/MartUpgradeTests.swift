import XCTest

/// Installing the marts over a warehouse whose marts came from an earlier
/// version: objects whose signature changed are replaced, not refused.
final class MartUpgradeTests: XCTestCase {
    func testTheThreeScoreSegmentFunctionAndItsViewAreReplaced() throws {
        let warehouse = try WarehouseBuilder(prefix: "upgrade")
        try warehouse.addStandardDimensions()
        try warehouse.addCustomer("A")
        try warehouse.addLine(order: "A1", customer: "A", day: "2025-01-10", price: "10.00")
        try warehouse.refresh()
        // What an earlier install left: the segment of three scores and the
        // ranked summary view depending on it.
        try warehouse.connection.execute(
            """
            create function mart.rfm_segment(r smallint, f smallint, m smallint) returns text
            language sql immutable as $$ select 'lost' $$;
            create or replace view mart.customer_summary_ranked as
            select customer_id, r_score, f_score, m_score, mart.rfm_segment(r_score, f_score, m_score) as segment,
                value_tier, tier_rank
            from mart.customer_summary;
            """)
        try warehouse.refresh(full: true)
        let rows = try warehouse.records(
            """
            select
                (select count(*) from pg_proc where oid::regprocedure::text = 'mart.rfm_segment(smallint,smallint,smallint)')::text
                    as old_form,
                (select segment from mart.customer_rfm where customer_id = 'A') as segment
            """)
        XCTAssertEqual(rows[0]["old_form"]!, "0")
        XCTAssertEqual(rows[0]["segment"]!, "new")
    }
}
