import Foundation

/// Generates a full, reproducible set of feeds and their manifest.
///
/// Every concern draws from its own stream derived from the seed, so the
/// same options give byte-identical files.
public struct FeedGenerator {
    public let options: GeneratorOptions

    public init(options: GeneratorOptions) { self.options = options }

    public static let fileNames = ["products.csv", "campaigns.csv", "contacts.csv", "transactions.csv",
                                   "interactions.csv", "fx_rates.csv"]

    /// Writes the feeds and manifest.json into the output directory.
    @discardableResult
    public func run() throws -> Manifest {
        guard options.customers > 0, options.transactions >= 0 else {
            throw GeneratorError(message: "customers must be positive and transactions not negative")
        }
        let dir = options.outputDirectory
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw GeneratorError(message: "cannot create output directory \(dir): \(error.localizedDescription)")
        }
        func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
        let root = RandomSource(seed: options.seed)
        var rng = root.derived(1)
        var people = Population.make(options: options, rng: &rng)

        var productPlanter = BadRecordPlanter(file: "products.csv", kinds: Catalog.badKinds, ratio: options.badRatio, rng: root.derived(11))
        rng = root.derived(2)
        let catalog = Catalog(customers: options.customers, rng: &rng)
        let productRecords = try catalog.write(to: path("products.csv"), planter: &productPlanter)

        rng = root.derived(3)
        let campaigns = Campaign.make(options: options, rng: &rng)
        var interactionPlanter = BadRecordPlanter(file: "interactions.csv", kinds: InteractionsWriter.badKinds,
                                                  ratio: options.badRatio, rng: root.derived(14))
        var interactions = InteractionsWriter(campaigns: campaigns, customers: options.customers, rng: root.derived(4),
                                              holdout: root.derived(18),
                                              timing: ContactTiming(people: people, rng: root.derived(19)))
        interactions.recordsContacts = options.plantsMigrationEffect
        try interactions.write(to: path("interactions.csv"), people: &people, planter: &interactionPlanter, endDay: options.endDay)

        var campaignPlanter = BadRecordPlanter(file: "campaigns.csv", kinds: Campaign.badKinds, ratio: options.badRatio, rng: root.derived(13))
        let campaignRecords = try Campaign.write(campaigns, to: path("campaigns.csv"), planter: &campaignPlanter)

        var contactsWriter = ContactsWriter(people: people, rng: root.derived(5))
        let contacts = try contactsWriter.write(
            to: path("contacts.csv"),
            rejects: BadRecordPlanter(file: "contacts.csv", kinds: ContactsWriter.rejectKinds, ratio: options.badRatio, rng: root.derived(15)),
            warnings: BadRecordPlanter(file: "contacts.csv", kinds: ContactsWriter.warningKinds, ratio: options.badRatio, rng: root.derived(25)))

        var fxPlanter = BadRecordPlanter(file: "fx_rates.csv", kinds: FXRatesWriter.badKinds, ratio: options.badRatio, rng: root.derived(16))
        rng = root.derived(6)
        let fxRecords = try FXRatesWriter.write(to: path("fx_rates.csv"), options: options, rng: &rng, planter: &fxPlanter)

        var process = PurchaseProcess(endSeconds: Int64(options.endDay + 1) * 86_400)
        let responseLines = Double(interactions.responses.count) * 2
        process.calibrate(people: people, targetLines: Double(options.transactions) - responseLines, seed: options.seed ^ 0x5EED)
        var transactionPlanter = BadRecordPlanter(file: "transactions.csv", kinds: TransactionsWriter.badKinds,
                                                  ratio: options.badRatio, rng: root.derived(17))
        var transactions = TransactionsWriter(catalog: catalog, campaigns: campaigns, rng: root.derived(7))
        if options.plantsMigrationEffect {
            transactions.migrationPlant = MigrationPlant(customers: people.count, rng: root.derived(20))
        }
        try transactions.write(to: path("transactions.csv"), people: &people, responses: interactions.responses,
                               process: process, planter: &transactionPlanter, contacts: interactions.treatmentContacts)

        var manifest = ManifestBuilder(options: options, people: people).build(
            files: [
                ("products.csv", "products", productRecords, [productPlanter]),
                ("campaigns.csv", "campaigns", campaignRecords, [campaignPlanter]),
                ("contacts.csv", "contacts", contacts.records, [contacts.rejects, contacts.warnings]),
                ("transactions.csv", "transactions", transactions.records, [transactionPlanter]),
                ("interactions.csv", "interactions", interactions.records, [interactionPlanter]),
                ("fx_rates.csv", "fx_rates", fxRecords, [fxPlanter]),
            ],
            contacts: contacts, transactions: transactions, interactions: interactions.records,
            campaignEffects: CampaignEffectBuilder.effects(campaigns: campaigns, arms: interactions.arms,
                                                          responseRevenue: transactions.responseRevenue))
        manifest.responseDecay = interactions.contactTally.manifest
        manifest.contactPreferences = interactions.timing.manifest(people: people)
        manifest.productStructure = transactions.productPlant.manifest
        manifest.migrationPlant = transactions.migrationPlant?.manifest
        manifest.internationalIdentities = contacts.international
        manifest.campaignPlants = CampaignPlantBuilder.plants(
            campaigns: campaigns, arms: interactions.arms, responseRevenue: transactions.responseRevenue)
        try manifest.write(to: path("manifest.json"))
        return manifest
    }
}
