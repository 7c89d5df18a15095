import Analytics
import Pipeline
import PostgresClient

/// Runs campaign plans and the backtest against the warehouse: reads the
/// past campaigns (sql/simulation), fits ``CampaignResponseModel`` and
/// predicts.
///
/// ```swift
/// let plan = try CampaignPlanDraft(segments: ["at risk"], channel: "email", campaignType: "discount",
///                                  costPerContact: "0.25").validated()
/// let simulation = try CampaignSimulator(connection: connection).simulate(plan)
/// print(ReportFormat.table.render(simulation.document))
/// ```
public struct CampaignSimulator {
    public let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    /// Predicts `plan` from the campaigns whose response window ended by
    /// `asOf` (yyyy-mm-dd; nil: the latest refreshed data).
    public func simulate(_ plan: CampaignPlan, asOf: String? = nil) throws -> CampaignSimulation {
        let history = CampaignHistoryReader(connection: connection)
        let day = try asOf ?? history.defaultAsOf()
        let window = try plan.windowDays ?? history.configuredWindow()
        let past = try history.read(profile: plan.targeting.profile, windowDays: window).filter { $0.windowEndDate <= day }
        let model: CampaignResponseModel
        do {
            model = try CampaignResponseModel(history: past)
        } catch is AnalyticsError {
            throw SimulationError.data(
                "no campaign with contacted customers has a \(window)-day response window ended by \(day): nothing to learn from")
        }
        guard model.channels.contains(plan.channel) else {
            throw SimulationError.plan(
                "channel '\(plan.channel)': no past campaign ran on it (by \(day)); channels with campaigns: "
                    + model.channels.joined(separator: ", "))
        }
        guard model.campaignTypes.contains(plan.campaignType) else {
            throw SimulationError.plan(
                "type '\(plan.campaignType)': no past campaign is of it (by \(day)); campaign types: "
                    + model.campaignTypes.joined(separator: ", "))
        }
        var propensityAsOf: String?
        if case .propensity = plan.targeting {
            propensityAsOf = try PropensityTargetReader(connection: connection).scores(asOf: day).asOf
        }
        let cells = try PlanTargetReader(connection: connection).cells(for: plan, asOf: day, stored: asOf == nil)
        let forecast = model.forecast(channel: plan.channel, campaignType: plan.campaignType, cells: cells)
        let customers = plan.customers ?? Int(forecast.customers.rounded())
        guard let cost = plan.costPerContact.multiplied(by: ExactDecimal(Int64(customers))) else {
            throw SimulationError.plan("cost_per_contact × customers is too large an amount")
        }
        return CampaignSimulation(
            plan: plan, asOf: day, windowDays: window, customers: customers, cost: cost, forecast: forecast,
            pastCampaigns: model.campaigns, pastControlCampaigns: model.controlCampaigns, propensityAsOf: propensityAsOf)
    }

    /// Predicts every past campaign from those before it (CampaignBacktest),
    /// by segment or value_tier cells.
    public func backtest(profile: String = "segment", windowDays: Int? = nil, asOf: String? = nil) throws
        -> CampaignBacktestReport
    {
        guard ["segment", "value_tier"].contains(profile) else {
            throw SimulationError.plan("--by must be segment or value_tier, not '\(profile)'")
        }
        let history = CampaignHistoryReader(connection: connection)
        let day = try asOf ?? history.defaultAsOf()
        let window = try windowDays ?? history.configuredWindow()
        let (campaigns, summary) = CampaignBacktest.run(
            history: try history.read(profile: profile, windowDays: window), asOf: day)
        return CampaignBacktestReport(profile: profile, asOf: day, windowDays: window, campaigns: campaigns, summary: summary)
    }
}

/// The backtest as run.
public struct CampaignBacktestReport: Sendable {
    public var profile: String
    public var asOf: String
    public var windowDays: Int
    public var campaigns: [CampaignBacktest.Campaign]
    public var summary: CampaignBacktest.Summary
}
