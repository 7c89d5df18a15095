/// The planted effect of contact in each campaign that held out a control
/// group, for the manifest.
enum CampaignEffectBuilder {
    static func effects(campaigns: [Campaign], arms: [InteractionsWriter.Arms],
                        responseRevenue: [Double]) -> [Manifest.CampaignEffect] {
        campaigns.indices.compactMap { c in
            let arm = arms[c]
            guard campaigns[c].controlShare > 0, arm.treatment > 0 else { return nil }
            return Manifest.CampaignEffect(
                campaignCode: campaigns[c].code, treatmentCustomers: arm.treatment, controlCustomers: arm.control,
                expectedResponseRate: arm.expectedResponses / Double(arm.treatment),
                responseOrderRevenue: responseRevenue[c],
                revenueUpliftPerCustomer: responseRevenue[c] / Double(arm.treatment))
        }
    }
}
