import Pipeline

/// A campaign to simulate: whom it contacts, on which channel, of which
/// type, how many, at what cost per contact, over which response window.
/// Built from command-line flags or a `simulations:` entry of the
/// configuration by ``CampaignPlanDraft/validated()``.
public struct CampaignPlan: Sendable, Equatable {
    /// How the plan picks its customers.
    public enum Targeting: Sendable, Equatable {
        /// RFM segments the day before (mart.customer_rfm).
        case segments([String])
        /// Value tiers (mart.customer_value).
        case valueTiers([String])
        /// Customers whose response propensity on the channel is at least this.
        case propensity(threshold: Double)

        /// The column name of mart.campaign_simulation.targeting.
        public var kind: String {
            switch self {
            case .segments: return "segments"
            case .valueTiers: return "value_tiers"
            case .propensity: return "propensity"
            }
        }

        /// The cells of the history the plan's customers belong to:
        /// segment, or value_tier (propensity plans: segment).
        public var profile: String {
            if case .valueTiers = self { return "value_tier" }
            return "segment"
        }

        public var targets: [String] {
            switch self {
            case .segments(let names), .valueTiers(let names): return names
            case .propensity: return []
            }
        }
    }

    /// The configuration's name for it; nil on the command line.
    public var name: String?
    public var targeting: Targeting
    /// Lower-case, as the loader keeps channels.
    public var channel: String
    /// Lower-case, as the loader keeps campaign types (unspecified: campaigns without one).
    public var campaignType: String
    /// Customers to contact; nil: every customer of the targets.
    public var customers: Int?
    public var costPerContact: ExactDecimal
    /// Response window in days; nil: the configured response_window_days.
    public var windowDays: Int?

    public init(
        name: String? = nil, targeting: Targeting, channel: String, campaignType: String, customers: Int? = nil,
        costPerContact: ExactDecimal, windowDays: Int? = nil
    ) {
        self.name = name
        self.targeting = targeting
        self.channel = channel
        self.campaignType = campaignType
        self.customers = customers
        self.costPerContact = costPerContact
        self.windowDays = windowDays
    }

    /// The RFM segment names (docs/marts.md, "RFM segments"), and no
    /// purchase for customers without an order.
    public static let segmentNames = [
        "champions", "loyal", "potential loyalists", "new", "promising", "need attention", "about to sleep",
        "at risk", "can't lose", "hibernating", "no purchase",
    ]
    /// The value tiers (docs/marts.md, "Value tiers"), and no purchase.
    public static let tierNames = ["top", "high", "medium", "low", "lapsed", "no purchase"]

    /// One line saying whom the plan targets, for logs and `config check`.
    public var targetDescription: String {
        switch targeting {
        case .segments(let names): return "segments: [\(names.joined(separator: ", "))]"
        case .valueTiers(let names): return "tiers: [\(names.joined(separator: ", "))]"
        case .propensity(let threshold): return "propensity_threshold: \(threshold)"
        }
    }
}
