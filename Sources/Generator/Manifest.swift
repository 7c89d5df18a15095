import Foundation

/// `manifest.json`: what was generated and what a correct load must report.
public struct Manifest: Codable, Sendable {
    public struct Settings: Codable, Sendable {
        public var seed: UInt64
        public var customers: Int
        public var transactionsTarget: Int
        public var badRatio: Double
        public var startDate: String
        public var endDate: String
        public var baseCurrency: String
    }

    /// Expected outcome of loading one file.
    public struct FileExpectation: Codable, Sendable {
        public var feed: String
        /// Data records (lines after the header).
        public var records: Int
        public var expectedLoaded: Int
        public var expectedRejects: Int
        public var expectedWarnings: Int
    }

    /// One planted problem: a reject or a warning the loader must report.
    public struct PlantedIssue: Codable, Sendable, Hashable {
        public var file: String
        /// Physical line; the header is line 1.
        public var line: Int
        public var field: String
        public var rule: String
        /// "reject" or "warning".
        public var severity: String
        public var value: String
    }

    /// Whole-warehouse expectations after loading every file.
    public struct Expectations: Codable, Sendable {
        /// People in contacts after identity resolution (normalized email first, then phone).
        public var distinctCustomers: Int
        /// Distinct (source_system, customer_id) pairs in loaded contacts.
        public var sourceCustomerIds: Int
        /// Source ids that share a person with another source id.
        public var linkedSourceIds: Int
        /// Customer ids in loaded transactions that are not in contacts (inferred members).
        public var inferredCustomers: Int
        /// Contact rows that are a later version of an earlier row (address changes, SCD2).
        public var contactChanges: Int
        public var orders: Int
        public var orderLines: Int
        public var returnedLines: Int
        public var campaignResponseOrders: Int
    }

    /// Properties of the simulated behaviour, for checking realism.
    public struct Statistics: Codable, Sendable {
        public var buyers: Int
        public var oneTimeBuyerShare: Double
        /// Share of revenue (approximate base currency) from the top 20 % of buyers.
        public var top20RevenueShare: Double
        public var meanOrdersPerBuyer: Double
        public var interactions: Int
    }

    /// What contact did in a campaign with a control group: the planted
    /// uplift the campaign_response report should measure.
    public struct CampaignEffect: Codable, Sendable {
        public var campaignCode: String
        public var treatmentCustomers: Int
        public var controlCustomers: Int
        /// Mean probability of a treatment customer to respond; control
        /// customers never respond, so this is the planted response uplift.
        public var expectedResponseRate: Double
        /// Net revenue of the campaign's response orders, approximate base
        /// currency (the generator's fixed rates, not fx_rates.csv).
        public var responseOrderRevenue: Double
        /// responseOrderRevenue / treatmentCustomers: the planted revenue
        /// uplift per contacted customer.
        public var revenueUpliftPerCustomer: Double
    }

    /// What every campaign planted (CampaignAppeal): its channel and type,
    /// whom it selected, and the responses contact was expected to give,
    /// also for the customers without an order before the start alone.
    public struct CampaignPlant: Codable, Sendable {
        public var campaignCode: String
        public var channel: String
        public var campaignType: String
        public var treatmentCustomers: Int
        public var controlCustomers: Int
        /// Sum over the treatment customers of their chance to respond.
        public var expectedResponses: Double
        /// Treatment customers who had not ordered before the start (the
        /// warehouse's `no purchase` segment) and their expected responses.
        public var noPurchaseTreatmentCustomers: Int
        public var noPurchaseExpectedResponses: Double
        /// Net revenue of the response orders, approximate base currency.
        public var responseOrderRevenue: Double
    }

    /// The planted decay of response with repeated campaign contact: the
    /// factors and, per contact number, the contacts made and the responses
    /// they were expected to give.
    public struct ResponseDecay: Codable, Sendable {
        /// Factor on a clicked contact's chance to respond per earlier contact.
        public var responseDecayPerContact: Double
        /// Factor on the chance to open per contact (fatigue).
        public var openDecayPerContact: Double
        /// Chance that a customer's first contact ends in a response, before
        /// the campaign's and the customer's own factors (CampaignAppeal,
        /// the preferred channel) multiply it.
        public var firstContactResponseRate: Double
        public var byContact: [ContactNumberExpectation]
    }

    /// The k-th campaign contacts of customers (k = 1 + contacts made to
    /// them before; held-out selections are not contacts).
    public struct ContactNumberExpectation: Codable, Sendable {
        public var contactNumber: Int
        public var contacts: Int
        /// Sum of the contacts' chances to respond.
        public var expectedResponses: Double
        /// expectedResponses / contacts.
        public var expectedResponseRate: Double
    }

    /// The planted contact preferences (ContactTiming): the factors, the
    /// contacts and expected responses per channel, and the preferred
    /// channel and reaction hour of every customer with a response.
    public struct ContactPreferences: Codable, Sendable {
        /// A contact on the preferred channel opens this many times as often as one on another.
        public var preferenceRatio: Double
        /// Share of a customer's opens and responses at their preferred local hour.
        public var preferredHourShare: Double
        public var channels: [ChannelExpectation]
        public var customers: [CustomerPreference]
    }

    public struct ChannelExpectation: Codable, Sendable {
        public var channel: String
        /// Treatment contacts (sent, not held out) on the channel.
        public var contacts: Int
        /// Sum of their chances to respond.
        public var expectedResponses: Double
    }

    /// A customer's planted preference, by the source id the interactions carry.
    public struct CustomerPreference: Codable, Sendable {
        public var sourceSystem: String
        public var sourceCustomerId: String
        public var preferredChannel: String
        public var preferredLocalHour: Int
        /// The preferred hour on the UTC clock (markets keep one offset all year).
        public var preferredUtcHour: Int
        /// responded interactions written for the customer.
        public var responses: Int
    }

    public var settings: Settings
    /// Per file name (e.g. "transactions.csv").
    public var files: [String: FileExpectation]
    public var planted: [PlantedIssue]
    public var expectations: Expectations
    public var statistics: Statistics
    /// How the expectations read the feeds, so a checker applies the same rules.
    public var notes: [String]
    /// Campaigns with a control group (absent from manifests written before them).
    public var campaignEffects: [CampaignEffect]?
    /// The planted market mix and its customers and orders per country and channel (absent from older manifests).
    public var marketMix: MarketMix?
    /// Response by contact number (absent from manifests written before it).
    public var responseDecay: ResponseDecay?
    /// Planted contact channel and hour preferences (absent from manifests written before them).
    public var contactPreferences: ContactPreferences?
    /// Every campaign's planted response (absent from manifests written before it).
    public var campaignPlants: [CampaignPlant]?
    /// Planted category margins and gateway effect (absent from manifests written before them).
    public var productStructure: ProductStructure?
    /// The planted effect of contact on upward tier moves (absent unless the generator was asked to plant it).
    public var migrationPlant: MigrationPlant?
    /// Planted international addresses, duplicate registrations and lookalikes (absent from older manifests).
    public var internationalIdentities: InternationalIdentities?

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    public static func read(from path: String) throws -> Manifest {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
