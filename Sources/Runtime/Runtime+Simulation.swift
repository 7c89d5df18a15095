import Foundation
import PostgresClient
import Simulation
import Warehouse

extension Runtime {
    /// The configured plan (`simulations:`) named `name`, or a usage error listing the names.
    public func simulationPlan(named name: String) throws -> CampaignPlan {
        guard let plan = config.simulations.first(where: { $0.name == name }) else {
            let names = config.simulations.compactMap(\.name)
            throw WarehouseError(
                .configuration,
                "no simulation named '\(name)' in \(config.file ?? "the configuration")"
                    + (names.isEmpty ? "; it has no simulations: section" : "; simulations: \(names.joined(separator: ", "))"))
        }
        return plan
    }

    /// The nightly step after the refresh: simulates every configured plan
    /// with the latest data and stores each prediction in
    /// mart.campaign_simulation. A plan the data cannot serve yet (no past
    /// campaign on its channel, fewer customers than it asks for) is skipped
    /// with a warning, not a failed run; any other error fails the step.
    public func simulateConfiguredPlans(_ connection: Connection, runID: Int64?) throws -> [String: Any] {
        let simulator = CampaignSimulator(connection: connection)
        let store = SimulationStore(connection: connection)
        var stored: [String] = []
        var skipped: [String: String] = [:]
        for plan in config.simulations {
            let name = plan.name ?? "?"
            do {
                let simulation = try simulator.simulate(plan, asOf: nil)
                try store.store(simulation, runID: runID)
                stored.append(name)
                logger.info(
                    "simulated campaign plan",
                    metadata: [
                        "simulation.plan": "\(name)", "simulation.as_of": "\(simulation.asOf)",
                        "simulation.responders": "\(Int(simulation.forecast.responders.estimate.rounded()))",
                    ])
            } catch let error as WarehouseError where error.code == .configuration || error.code == .load {
                skipped[name] = error.message
                logger.warning("simulation \(name) skipped: \(error.message)", metadata: ["simulation.plan": "\(name)"])
            }
        }
        var summary: [String: Any] = ["stored": stored]
        if !skipped.isEmpty { summary["skipped"] = skipped }
        return summary
    }
}
