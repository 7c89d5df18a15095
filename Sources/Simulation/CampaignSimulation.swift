import Analytics
import Pipeline

/// A plan's prediction: the plan as run (its as-of date and window), its
/// cost, and the forecast with return on cost.
public struct CampaignSimulation: Sendable {
    public var plan: CampaignPlan
    /// The data used: campaigns whose window ended by this day, targets as of it (yyyy-mm-dd).
    public var asOf: String
    public var windowDays: Int
    public var customers: Int
    /// customers × cost per contact, exact.
    public var cost: ExactDecimal
    public var forecast: CampaignForecast
    public var pastCampaigns: Int
    public var pastControlCampaigns: Int
    /// For a propensity plan: the scores' as-of date.
    public var propensityAsOf: String?

    /// (incremental revenue − cost) / cost at the estimate and at both ends
    /// of the revenue interval; nil at zero cost or without an uplift.
    public var returnOnCost: (estimate: Double, low: Double, high: Double)? {
        guard let revenue = forecast.incrementalRevenue, let cost = Double(cost.description), cost > 0 else { return nil }
        return ((revenue.estimate - cost) / cost, (revenue.low - cost) / cost, (revenue.high - cost) / cost)
    }

    /// Where a cell's response rate comes from, in words: its own past
    /// contacts, its prior (the channel × type's rate times the cell's
    /// factor), or both.
    public func basis(of cell: CellForecast) -> String {
        let prior = "\(plan.channel) × \(plan.campaignType) rate × the \(plan.targeting.profile == "segment" ? "segment" : "tier")'s factor"
        if cell.pastContacted == 0 { return "no past contacts: \(prior)" }
        if cell.responseRate.parentWeight >= 0.999 { return "\(prior) (the cells differ no more than their factors say)" }
        if cell.responseRate.parentWeight <= 0.001 { return "own history" }
        let percent = Int((cell.responseRate.parentWeight * 100).rounded())
        return "own history, \(percent) % weight on \(prior)"
    }
}
