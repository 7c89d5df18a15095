/// Turns what the writers did into the manifest's expectations and statistics.
struct ManifestBuilder {
    let options: GeneratorOptions
    let people: [Person]

    func build(files: [(name: String, feed: String, records: Int, planters: [BadRecordPlanter])],
               contacts: ContactsWriter.Result, transactions: TransactionsWriter, interactions: Int,
               campaignEffects: [Manifest.CampaignEffect] = []) -> Manifest {
        var expectations: [String: Manifest.FileExpectation] = [:]
        var planted: [Manifest.PlantedIssue] = []
        for file in files {
            let rejects = file.planters.reduce(0) { $0 + $1.rejects }
            let warnings = file.planters.reduce(0) { $0 + $1.warnings }
            expectations[file.name] = Manifest.FileExpectation(
                feed: file.feed, records: file.records, expectedLoaded: file.records - rejects,
                expectedRejects: rejects, expectedWarnings: warnings)
            planted += file.planters.flatMap(\.planted).sorted { $0.line < $1.line }
        }
        let buyers = people.filter { $0.orders > 0 }
        let revenues = buyers.map(\.revenue).sorted(by: >)
        let top = revenues.prefix(max(1, revenues.count / 5)).reduce(0, +)
        let total = revenues.reduce(0, +)
        func iso(_ day: Int) -> String {
            let d = Civil.date(day)
            return String(d.year) + "-" + (d.month < 10 ? "0" : "") + String(d.month) + "-" + (d.day < 10 ? "0" : "") + String(d.day)
        }
        var manifest = Manifest(
            settings: .init(seed: options.seed, customers: options.customers, transactionsTarget: options.transactions,
                            badRatio: options.badRatio, startDate: iso(options.startDay), endDate: iso(options.endDay),
                            baseCurrency: Currency.all[0]),
            files: expectations,
            planted: planted,
            expectations: .init(
                distinctCustomers: options.customers, sourceCustomerIds: contacts.sourceIds,
                linkedSourceIds: contacts.linkedIds, inferredCustomers: people.filter { $0.isGhost && $0.orders > 0 }.count,
                contactChanges: contacts.changes, orders: transactions.orders, orderLines: transactions.records - (expectations["transactions.csv"]?.expectedRejects ?? 0),
                returnedLines: transactions.returnedLines, campaignResponseOrders: transactions.responseOrders),
            statistics: .init(
                buyers: buyers.count,
                oneTimeBuyerShare: buyers.isEmpty ? 0 : Double(buyers.filter { $0.orders == 1 }.count) / Double(buyers.count),
                top20RevenueShare: total > 0 ? top / total : 0,
                meanOrdersPerBuyer: buyers.isEmpty ? 0 : Double(buyers.reduce(0) { $0 + Int($1.orders) }) / Double(buyers.count),
                interactions: interactions),
            notes: [
                "Line numbers are physical lines; the header is line 1.",
                "Planted rejects are extra rows, so expected_loaded = records - expected_rejects.",
                "Warnings are bad optional attributes on real rows, which load with the attribute empty.",
                "Phones are national to the record's country column (a name, alpha-2 or alpha-3).",
                "Timestamps carry an offset or Z; amounts use '.' and no grouping; amount = quantity x unit_price - discount.",
                "Statuses: completed, returned (returned lines are flagged, not negative).",
                "Identity resolution: normalized email first, then E.164 phone; distinct_customers counts contacts people only.",
                "Currencies without a rate in fx_rates.csv (currency.no_rate) are planted rejects; no fallback rates are assumed.",
                "Campaign effects: contact's only effect is the response orders, placed within 6 days of the start; the control group is held out at random.",
            ])
        manifest.campaignEffects = campaignEffects
        manifest.marketMix = MarketMix.manifestEntry(people: people, endDay: options.endDay)
        return manifest
    }
}
