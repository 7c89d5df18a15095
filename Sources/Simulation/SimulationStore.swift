import Analytics
import PostgresClient

/// Writes a configured plan's prediction to mart.campaign_simulation.
public struct SimulationStore {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func store(_ simulation: CampaignSimulation, runID: Int64?) throws {
        let plan = simulation.plan
        let forecast = simulation.forecast
        func number(_ value: Double?, _ places: Int) -> String? { value.flatMap { SimulationNumber.text($0, places: places) } }
        var threshold: Double?
        if case .propensity(let value) = plan.targeting { threshold = value }
        let roc = simulation.returnOnCost
        let values: [(any PostgresBindable)?] = [
            plan.name ?? "command line", runID, simulation.asOf, plan.targeting.kind,
            "{" + plan.targeting.targets.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
                .joined(separator: ",") + "}",
            threshold, plan.channel, plan.campaignType, simulation.windowDays, simulation.customers,
            plan.costPerContact.description, simulation.cost.description,
            number(forecast.responders.estimate, 1), number(forecast.responders.low, 1), number(forecast.responders.high, 1),
            number(forecast.responders.estimate / Double(max(simulation.customers, 1)), 4),
            number(forecast.incrementalOrders?.estimate, 1), number(forecast.incrementalOrders?.low, 1),
            number(forecast.incrementalOrders?.high, 1),
            number(forecast.incrementalRevenue?.estimate, 2), number(forecast.incrementalRevenue?.low, 2),
            number(forecast.incrementalRevenue?.high, 2),
            number(roc?.estimate, 4), number(roc?.low, 4), number(roc?.high, 4),
            simulation.pastCampaigns, simulation.pastControlCampaigns,
        ]
        try connection.query(
            """
            insert into mart.campaign_simulation (
                plan_name, etl_run_id, as_of, targeting, targets, propensity_threshold, channel, campaign_type,
                window_days, customers, cost_per_contact, cost, responders, responders_low, responders_high,
                response_rate, incremental_orders, incremental_orders_low, incremental_orders_high,
                incremental_revenue, incremental_revenue_low, incremental_revenue_high,
                return_on_cost, return_on_cost_low, return_on_cost_high, past_campaigns, past_control_campaigns)
            values ($1, $2::bigint, $3::date, $4, $5::text[], $6::numeric, $7, $8, $9::integer, $10::integer,
                $11::numeric, $12::numeric, $13::numeric, $14::numeric, $15::numeric, $16::numeric, $17::numeric,
                $18::numeric, $19::numeric, $20::numeric, $21::numeric, $22::numeric, $23::numeric, $24::numeric,
                $25::numeric, $26::integer, $27::integer)
            """, values)
    }
}
