import Analytics
import PostgresClient

/// Reads the past campaigns per cell (mart.simulation_campaign_cells) for
/// the estimator.
struct CampaignHistoryReader {
    let connection: Connection

    /// Every campaign × cell of `profile` (segment or value_tier) with the
    /// response window `windowDays` (nil: the configured one).
    func read(profile: String, windowDays: Int?) throws -> [CampaignCellHistory] {
        let result = try connection.query(
            """
            select campaign_code, start_date::text, window_end_date::text, channel, campaign_type, cell,
                treatment_customers, treatment_responders,
                treatment_orders, treatment_orders_squared, treatment_pre_orders, treatment_pre_orders_squared,
                treatment_orders_cross,
                treatment_revenue, treatment_revenue_squared, treatment_pre_revenue, treatment_pre_revenue_squared,
                treatment_revenue_cross,
                control_customers, control_responders,
                control_orders, control_orders_squared, control_pre_orders, control_pre_orders_squared,
                control_orders_cross,
                control_revenue, control_revenue_squared, control_pre_revenue, control_pre_revenue_squared,
                control_revenue_cross
            from mart.simulation_campaign_cells($1, $2::integer)
            """, [profile, windowDays])
        return try (0..<result.rowCount).map { row in
            func text(_ column: Int) throws -> String {
                guard let value = result.string(row, column) else {
                    throw SimulationError.data("mart.simulation_campaign_cells returned a null in column \(column + 1)")
                }
                return value
            }
            func number(_ column: Int) throws -> Double {
                guard let value = Double(try text(column)) else {
                    throw SimulationError.data("mart.simulation_campaign_cells returned a non-number in column \(column + 1)")
                }
                return value
            }
            func measure(_ first: Int) throws -> GroupSums.Measure {
                GroupSums.Measure(
                    sum: try number(first), squares: try number(first + 1), preSum: try number(first + 2),
                    preSquares: try number(first + 3), cross: try number(first + 4))
            }
            func group(_ first: Int) throws -> GroupSums {
                GroupSums(
                    customers: try number(first), responders: try number(first + 1), orders: try measure(first + 2),
                    revenue: try measure(first + 7))
            }
            return CampaignCellHistory(
                campaignCode: try text(0), startDate: try text(1), windowEndDate: try text(2), channel: try text(3),
                campaignType: try text(4), cell: try text(5), treatment: try group(6), control: try group(18))
        }
    }

    /// The latest refreshed data's day (mart.default_as_of()), yyyy-mm-dd.
    func defaultAsOf() throws -> String {
        guard let day = try connection.query("select mart.default_as_of()::text").string(0, 0) else {
            throw SimulationError.data("mart.default_as_of() returned null")
        }
        return day
    }

    /// response_window_days of mart.settings.
    func configuredWindow() throws -> Int {
        guard let days = try connection.query("select mart.setting('response_window_days')::integer").int(0, 0) else {
            throw SimulationError.data("mart.settings has no response_window_days; run crmwh refresh")
        }
        return days
    }
}
