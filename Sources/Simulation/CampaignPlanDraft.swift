import Foundation
import Pipeline

/// A plan's fields as given, before validation: the command line's flags
/// or a `simulations:` entry's values. ``validated()`` checks them all and
/// names the field of the first mistake (``CampaignPlanError``), which the
/// caller words as its own flag (`--cost-per-contact`) or key
/// (`simulations[0].cost_per_contact`).
public struct CampaignPlanDraft: Sendable, Equatable {
    public var name: String?
    public var segments: [String]?
    public var tiers: [String]?
    public var propensityThreshold: String?
    public var channel: String?
    public var campaignType: String?
    public var customers: String?
    public var costPerContact: String?
    public var windowDays: String?

    public init(
        name: String? = nil, segments: [String]? = nil, tiers: [String]? = nil, propensityThreshold: String? = nil,
        channel: String? = nil, campaignType: String? = nil, customers: String? = nil, costPerContact: String? = nil,
        windowDays: String? = nil
    ) {
        self.name = name
        self.segments = segments
        self.tiers = tiers
        self.propensityThreshold = propensityThreshold
        self.channel = channel
        self.campaignType = campaignType
        self.customers = customers
        self.costPerContact = costPerContact
        self.windowDays = windowDays
    }

    public func validated() throws -> CampaignPlan {
        let given = [segments != nil, tiers != nil, propensityThreshold != nil].filter { $0 }.count
        guard given == 1 else {
            throw CampaignPlanError(
                given == 0 ? .segments : (segments != nil ? .tiers : .propensityThreshold),
                given == 0
                    ? "missing; a plan targets segments, tiers or a propensity threshold"
                    : "give only one of segments, tiers and propensity threshold")
        }
        let targeting: CampaignPlan.Targeting
        if let segments {
            targeting = .segments(try Self.names(segments, field: .segments, known: CampaignPlan.segmentNames))
        } else if let tiers {
            targeting = .valueTiers(try Self.names(tiers, field: .tiers, known: CampaignPlan.tierNames))
        } else {
            let text = propensityThreshold!.trimmingCharacters(in: .whitespaces)
            guard let threshold = Double(text), threshold > 0, threshold < 1 else {
                throw CampaignPlanError(.propensityThreshold, "'\(text)' is not a probability strictly between 0 and 1")
            }
            targeting = .propensity(threshold: threshold)
        }
        let channel = try Self.word(channel, field: .channel, missing: "missing; the channel the plan contacts on, e.g. email")
        let type = try Self.word(
            campaignType, field: .campaignType,
            missing: "missing; the campaign type as the campaigns feed names it (unspecified for campaigns without one)")
        var customers: Int?
        if let text = self.customers?.trimmingCharacters(in: .whitespaces) {
            guard let value = Int(text), value > 0 else {
                throw CampaignPlanError(.customers, "'\(text)' is not a whole number of customers above 0")
            }
            customers = value
        }
        guard let costText = costPerContact?.trimmingCharacters(in: .whitespaces) else {
            throw CampaignPlanError(.costPerContact, "missing; the cost of one contact in the base currency, e.g. 0.25")
        }
        guard case .success(let cost) = ExactDecimal.parse(costText), !cost.isNegative else {
            throw CampaignPlanError(.costPerContact, "'\(costText)' is not an amount of 0 or more, such as 0.25")
        }
        var window: Int?
        if let text = windowDays?.trimmingCharacters(in: .whitespaces) {
            guard let value = Int(text), (1...365).contains(value) else {
                throw CampaignPlanError(.windowDays, "'\(text)' is not a whole number of days from 1 to 365")
            }
            window = value
        }
        return CampaignPlan(
            name: name, targeting: targeting, channel: channel, campaignType: type, customers: customers,
            costPerContact: cost, windowDays: window)
    }

    /// Trimmed, lower-cased, known and each once.
    static func names(_ values: [String], field: CampaignPlanField, known: [String]) throws -> [String] {
        var names: [String] = []
        for value in values {
            let name = value.trimmingCharacters(in: .whitespaces).lowercased()
            guard known.contains(name) else {
                throw CampaignPlanError(field, "'\(value)' is not one of \(known.joined(separator: ", "))")
            }
            guard !names.contains(name) else { throw CampaignPlanError(field, "'\(value)' is named twice") }
            names.append(name)
        }
        guard !names.isEmpty else { throw CampaignPlanError(field, "empty; name at least one of \(known.joined(separator: ", "))") }
        return names
    }

    static func word(_ value: String?, field: CampaignPlanField, missing: String) throws -> String {
        guard let text = value?.trimmingCharacters(in: .whitespaces).lowercased(), !text.isEmpty else {
            throw CampaignPlanError(field, missing)
        }
        return text
    }
}

/// The fields of a plan, for error messages.
public enum CampaignPlanField: String, Sendable, CaseIterable {
    case name, segments, tiers
    case propensityThreshold = "propensity_threshold"
    case channel
    case campaignType = "type"
    case customers
    case costPerContact = "cost_per_contact"
    case windowDays = "window_days"

    /// The config key (`cost_per_contact`).
    public var key: String { rawValue }

    /// The command-line flag (`--cost-per-contact`).
    public var flag: String { "--" + rawValue.replacingOccurrences(of: "_", with: "-") }
}

/// A plan field that is missing or wrong, and why.
public struct CampaignPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: CampaignPlanField
    public var message: String

    public init(_ field: CampaignPlanField, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field.flag): \(message)" }
}
