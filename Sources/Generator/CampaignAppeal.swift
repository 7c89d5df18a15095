/// The planted appeal of a campaign contact: factors on the chance that a
/// clicked contact responds (on top of ResponseDecay), by the campaign's
/// channel and type and by whether the customer had ordered before the
/// start. A customer who had not is the warehouse's `no purchase` segment
/// the day before the start, so campaign simulation can find every factor
/// in the loaded data; the manifest records what each campaign was
/// expected to give (Manifest.CampaignPlant).
enum CampaignAppeal {
    static let channelFactors: [String: Double] = ["email": 1.0, "sms": 1.35, "direct_mail": 1.7, "social": 0.6]
    static let typeFactors: [String: Double] = ["discount": 1.3, "seasonal": 1.0, "loyalty": 0.75]
    /// Customers who never ordered respond half as often.
    static let noPurchaseFactor = 0.5

    /// The type the campaigns feed gives a campaign of this theme
    /// (ReferenceData.campaignThemes): its offer or purpose.
    static func type(ofTheme theme: String) -> String {
        switch theme {
        case "Spring Sale", "Summer Deals", "Black Friday", "Flash Sale", "Weekend Special": return "discount"
        case "Loyalty Bonus", "Win-back", "Welcome Series": return "loyalty"
        default: return "seasonal"
        }
    }

    static func factor(_ campaign: Campaign, hasOrdered: Bool) -> Double {
        (channelFactors[campaign.channel] ?? 1) * (typeFactors[campaign.type] ?? 1) * (hasOrdered ? 1 : noPurchaseFactor)
    }
}
