import PostgresClient
import XCTest

/// A customer who responds to a campaign twice: the second response opens
/// an attribution window of its own. New sales that fall only in that
/// window (not in the window after the start, nor after the first
/// response) must still reach the stored pair on a nightly refresh.
final class CampaignRepeatResponseTests: XCTestCase {
    func testNightlySalesInALaterResponseWindowAreAttributed() throws {
        let warehouse = try WarehouseBuilder(prefix: "campaign_repeat_response")
        let connection = warehouse.connection
        try warehouse.addStandardDimensions()
        try warehouse.addCustomer("A")
        try warehouse.addCustomer("B")
        try warehouse.addLine(order: "H1", customer: "A", day: "2024-12-01")
        try warehouse.addLine(order: "H2", customer: "B", day: "2025-03-02")
        try connection.execute(
            """
            insert into dw.dim_campaign (campaign_code, start_date, cost) values ('X', '2025-01-10', 100);
            insert into dw.fact_interaction (
                interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
                interaction_type, etl_run_id, etl_file_id
            )
            select v.id, v.at, to_char(v.at at time zone 'UTC', 'YYYYMMDD')::integer,
                (select customer_key from dw.dim_customer where customer_id = 'A'), 'A', -1,
                (select campaign_key from dw.dim_campaign where campaign_code = 'X'), v.type, 1, 1
            from (values
                ('I1', timestamptz '2025-01-10 08:00+00', 'sent'),
                ('I2', timestamptz '2025-01-11 10:00+00', 'responded'),
                ('I3', timestamptz '2025-03-05 10:00+00', 'responded')
            ) as v(id, at, type);
            """)
        XCTAssertTrue(try warehouse.refresh().isFull)

        // March 10: within 30 days of the second response only.
        try warehouse.addLine(order: "N1", customer: "A", day: "2025-03-10", price: "25.00", fileID: 2)
        XCTAssertFalse(try warehouse.refresh().isFull)

        let stored = try warehouse.records(
            "select attributed_revenue::text as revenue from mart.campaign_touch where customer_id = 'A'")
        XCTAssertEqual(stored.first?["revenue"], "25.0000")
        let differing = try warehouse.records(
            """
            select count(*)::text as rows from (
                (select * from mart.campaign_touch except select * from mart.campaign_touch_compute())
                union all
                (select * from mart.campaign_touch_compute() except select * from mart.campaign_touch)
            ) as d
            """)
        XCTAssertEqual(differing.first?["rows"], "0")
    }
}
