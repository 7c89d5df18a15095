/// Every campaign's planted response (CampaignAppeal), for the manifest.
enum CampaignPlantBuilder {
    static func plants(campaigns: [Campaign], arms: [InteractionsWriter.Arms],
                       responseRevenue: [Double]) -> [Manifest.CampaignPlant] {
        campaigns.indices.map { c in
            Manifest.CampaignPlant(
                campaignCode: campaigns[c].code, channel: campaigns[c].channel, campaignType: campaigns[c].type,
                treatmentCustomers: arms[c].treatment, controlCustomers: arms[c].control,
                expectedResponses: arms[c].expectedResponses,
                noPurchaseTreatmentCustomers: arms[c].noPurchaseTreatment,
                noPurchaseExpectedResponses: arms[c].noPurchaseExpectedResponses,
                responseOrderRevenue: responseRevenue[c])
        }
    }
}
