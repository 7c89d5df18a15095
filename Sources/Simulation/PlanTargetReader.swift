import Analytics
import PostgresClient

/// The customers a plan contacts, per cell: from the targets' sizes
/// (mart.simulation_targets) or, for a propensity plan, from the
/// customers' propensities (PropensityTargetReader).
struct PlanTargetReader {
    let connection: Connection

    /// The plan's cells as of `asOf`; `stored`: that is the latest refreshed
    /// data, whose segments and tiers the marts keep (no ranking from scratch).
    func cells(for plan: CampaignPlan, asOf: String, stored: Bool) throws -> [PlanCell] {
        if case .propensity(let threshold) = plan.targeting {
            return try PropensityTargetReader(connection: connection).cells(
                channel: plan.channel, threshold: threshold, customers: plan.customers, asOf: asOf, stored: stored)
        }
        let result = try connection.query(
            "select cell, customers from mart.simulation_targets($1, $2::date)",
            [plan.targeting.profile, stored ? nil : asOf])
        var sizes: [String: Double] = [:]
        for row in 0..<result.rowCount {
            if let cell = result.string(row, 0), let count = result.double(row, 1) { sizes[cell] = count }
        }
        let targets = plan.targeting.targets
        let available = targets.reduce(0) { $0 + (sizes[$1] ?? 0) }
        let noun = plan.targeting.profile == "segment" ? "segments" : "tiers"
        guard available > 0 else {
            throw SimulationError.plan("the plan's \(noun) (\(targets.joined(separator: ", "))) hold no customers as of \(asOf)")
        }
        // A plan of N customers draws them from its targets in proportion to their sizes.
        let share = Double(plan.customers ?? Int(available)) / available
        if let customers = plan.customers, Double(customers) > available {
            throw SimulationError.plan(
                "customers: the plan asks for \(customers) customers, but its \(noun) (\(targets.joined(separator: ", "))) "
                    + "hold \(Int(available)) as of \(asOf)")
        }
        return targets.map { PlanCell(cell: $0, customers: (sizes[$0] ?? 0) * share) }
    }
}
