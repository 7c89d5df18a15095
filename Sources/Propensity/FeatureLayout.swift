/// The features of one run, in order: fixed ones, then one per sales channel
/// (its share of the customer's orders; the channel with the most orders is
/// the reference and has none, so the shares are not collinear with the
/// intercept) and two per contact channel. Channels come from the history
/// read at the as-of date, so every window of a run has the same columns.
struct FeatureLayout: Sendable {
    /// Sales channels with a share feature (channel indices of the history).
    let shareChannels: [Int]
    /// Contact channels (indices) with contact and response features.
    let contactChannels: [Int]
    let withAliveProbability: Bool
    let names: [String]

    static let leading = [
        "log_days_since_last_order", "log_days_since_first_order", "log_orders", "log_orders_30d",
        "log_orders_90d", "log_orders_12m", "signed_log_revenue", "signed_log_revenue_12m",
        "signed_log_average_order_value", "return_share", "spend_trend", "tier_top_or_high", "tier_medium",
        "tier_low", "tier_rose_3m", "tier_fell_3m", "new_in_3m",
    ]
    static let contactTotals = [
        "log_contacts", "log_contacts_90d", "log_days_since_contact", "never_contacted", "log_responses",
    ]
    static let trailing = [
        "log_opens_12m", "log_clicks_12m", "unsubscribed", "complained", "log_service_contacts_12m",
    ]

    init(history: CustomerHistory, withAliveProbability: Bool) {
        shareChannels = Array(history.salesChannelsByOrders.dropFirst())
        contactChannels = history.contactChannels
        self.withAliveProbability = withAliveProbability
        var names = Self.leading
        if withAliveProbability { names.append("p_alive") }
        names.append("sales_channels_used")
        names += shareChannels.map { "order_share_" + history.channels[$0] }
        names += Self.contactTotals
        for channel in contactChannels {
            names += ["log_contacts_12m_" + history.channels[channel], "responded_before_" + history.channels[channel]]
        }
        names += Self.trailing
        self.names = names
    }
}
