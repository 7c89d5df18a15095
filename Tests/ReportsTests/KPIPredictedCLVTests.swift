import PostgresClient
import XCTest

/// The KPIs' average predicted CLV per month: the scores as of that month,
/// kept after later scorings (worked out by hand below).
final class KPIPredictedCLVTests: XCTestCase {
    func testEachMonthAveragesTheScoresAsOfThatMonth() throws {
        let warehouse = try HandFixture.build()
        try warehouse.connection.execute(
            """
            insert into dw.clv_model (model_version, as_of, time_unit, bgnbd_params, log_likelihood, converged, customers)
            values ('m1', '2025-01-31', 'week', '{}', -1, true, 3);
            insert into dw.customer_score
                (customer_id, as_of, model_version, p_alive, expected_purchases, clv, horizon_months, scored_at)
            values
                ('A', '2025-01-31', 'm1', 0.9, 1, 100.00, 12, '2025-02-01 02:00+00'),
                ('C', '2025-01-31', 'm1', 0.9, 1, 200.00, 12, '2025-02-01 02:00+00'),
                ('A', '2025-03-15', 'm1', 0.9, 1, 999.00, 12, '2025-03-16 02:00+00'),
                ('A', '2025-03-31', 'm1', 0.9, 1, 300.00, 12, '2025-04-01 02:00+00'),
                ('E', '2025-03-31', 'm1', 0.9, 1,  50.00, 12, '2025-04-01 02:00+00');
            """)
        try warehouse.refresh(full: true)
        // January: A and C as of 31 January, (100 + 200) / 2, although A was
        // scored again in March. February: no scores. March: A's latest in
        // the month (31 March, not the 15th) and E, (300 + 50) / 2.
        let expected = ["2025-01-01": "150.00", "2025-02-01": nil, "2025-03-01": "175.00"]
        for source in ["mart.kpi_monthly", "mart.kpi_monthly_compute()", "mart.kpi_monthly_from_events()"] {
            let rows = try warehouse.records("select month::text, average_predicted_clv::text from \(source) order by month")
            XCTAssertEqual(rows.count, 3, source)
            for row in rows {
                XCTAssertEqual(row["average_predicted_clv"]!, expected[row["month"]!!]!, "\(source) \(row["month"]!!)")
            }
        }
    }
}
