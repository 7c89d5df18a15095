import Foundation
import Simulation
import Yams

/// `simulations:` — the campaign plans the nightly run simulates after the
/// refresh and stores in mart.campaign_simulation (`crmwh simulate campaign
/// --plan NAME` prints one). Each entry is a plan (docs/marts.md, "Campaign
/// simulation"):
///
/// ```yaml
/// simulations:
///   - name: win-back-email
///     segments: [at risk, can't lose]   # or tiers: [...], or propensity_threshold: 0.05
///     channel: email
///     type: loyalty
///     customers: 5000                   # optional: every customer of the targets
///     cost_per_contact: 0.05
///     window_days: 30                   # optional: analysis.response_window_days
/// ```
enum SimulationPlanSection {
    static let keys = ["name"] + CampaignPlanField.allCases.filter { $0 != .name }.map(\.key)

    static func parse(_ node: Node, reader: ConfigReader) throws -> [CampaignPlan] {
        let plans = try reader.sequence("simulations", node).enumerated().map { index, entry in
            try plan(entry, key: "simulations[\(index)]", reader: reader)
        }
        try CRMWHConfig.requireUnique(plans.compactMap(\.name), what: "simulation", key: "simulations", node: node, reader: reader)
        return plans
    }

    static func plan(_ node: Node, key: String, reader: ConfigReader) throws -> CampaignPlan {
        let values = try reader.mapping(key, node, known: keys)
        func text(_ field: CampaignPlanField) throws -> String? {
            try values[field.key].map { try reader.string("\(key).\(field.key)", $0) }
        }
        func names(_ field: CampaignPlanField) throws -> [String]? {
            guard let value = values[field.key] else { return nil }
            if value.scalar != nil { return [try reader.string("\(key).\(field.key)", value)] }
            return try reader.sequence("\(key).\(field.key)", value).map { try reader.string("\(key).\(field.key)", $0) }
        }
        guard let name = try text(.name), !name.isEmpty else {
            throw reader.error("\(key).name", values["name"] ?? node, "missing; every simulation needs a name")
        }
        let draft = CampaignPlanDraft(
            name: name, segments: try names(.segments), tiers: try names(.tiers),
            propensityThreshold: try text(.propensityThreshold), channel: try text(.channel),
            campaignType: try text(.campaignType), customers: try text(.customers),
            costPerContact: try text(.costPerContact), windowDays: try text(.windowDays))
        do {
            return try draft.validated()
        } catch let error as CampaignPlanError {
            throw reader.error("\(key).\(error.field.key)", values[error.field.key] ?? node, error.message)
        }
    }

    /// One line per plan for `config check`, the window as it applies.
    static func effectiveLines(_ plans: [CampaignPlan], defaultWindowDays: Int) -> [String] {
        guard !plans.isEmpty else { return ["simulations: []"] }
        return ["simulations:"] + plans.map { plan in
            var entry = "  - {name: \(plan.name ?? ""), \(plan.targetDescription), channel: \(plan.channel), "
                + "type: \(plan.campaignType)"
            if let customers = plan.customers { entry += ", customers: \(customers)" }
            entry += ", cost_per_contact: \(plan.costPerContact)"
            entry += ", window_days: \(plan.windowDays ?? defaultWindowDays)}"
            return entry
        }
    }
}
