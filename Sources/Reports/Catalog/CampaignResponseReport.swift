import PostgresClient

/// Campaign response: the whole campaign, then by RFM segment and by value
/// tier the day before it started (mart.campaign_response).
enum CampaignResponseReport {
    static let figures = """
        treatment_customers, control_customers, responded, treatment_response_rate, control_response_rate,
        response_uplift_rate, response_uplift_low_rate, response_uplift_high_rate,
        treatment_buyer_rate, control_buyer_rate, buyer_uplift_rate, buyer_uplift_low_rate, buyer_uplift_high_rate,
        treatment_revenue_per_customer, control_revenue_per_customer, revenue_uplift, revenue_uplift_low,
        revenue_uplift_high, attributed_revenue, allocated_cost, cost_per_response, average_predicted_clv,
        average_p_alive, uplift_basis, window_complete
        """

    static func sections(_ connection: Connection, _ parameters: ReportParameters) throws -> [ReportSection] {
        func section(_ title: String, _ breakdown: String, cell: String?) throws -> ReportSection {
            let columns = "campaign_code, start_date, " + (cell.map { "cell as \($0), " } ?? "") + figures
            return ReportSection(
                title: title,
                table: try ReportQuery.table(
                    connection,
                    "select \(columns) from mart.campaign_response($1::date, null) where breakdown = '\(breakdown)'",
                    parameters))
        }
        return [
            try section("Campaign uplift", "campaign", cell: nil),
            try section("By segment the day before the start", "segment", cell: "segment"),
            try section("By value tier the day before the start", "value_tier", cell: "value_tier"),
        ]
    }
}
