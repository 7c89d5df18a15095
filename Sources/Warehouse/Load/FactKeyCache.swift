import PostgresClient

/// The dimension keys a fact row needs, loaded once per file so order lines
/// can be written straight into `dw.fact_sales` with their keys resolved on
/// the client. A member not in the warehouse yet (a customer whose contact
/// has not arrived, a new SKU, channel or campaign) gets the next key here
/// and is inserted as an inferred member before the file commits; only one
/// writer runs at a time (the warehouse lock), so the keys cannot clash.
/// (Dimension key caches are the one thing whose memory grows with the
/// warehouse rather than the file.)
struct FactKeyCache {
    struct Version {
        var from: Int64
        var to: Int64
        var key: Int64
    }

    struct Keys {
        var customerKey: Int64
        var customerID: String
        var sourceSystem: String
        var productKey: Int64
        var channelKey: Int64
        var campaignKey: Int64
    }

    private var sourceKeys: [String: String] = [:]
    private var versions: [String: [Version]] = [:]
    private var products: [String: Int64] = [:]
    private var channels: [String: Int64] = [:]
    private var campaigns: [String: Int64] = [:]
    private var lastKey: [String: Int64] = [:]

    /// Members created by `keys(for:)`, to insert after the facts.
    private(set) var newCustomers: [(system: String, id: String, customerID: String, key: Int64)] = []
    private(set) var newProducts: [(sku: String, category: String?, key: Int64)] = []
    private(set) var newChannels: [(name: String, key: Int64)] = []
    private(set) var newCampaigns: [(code: String, key: Int64)] = []

    static func load(_ connection: Connection) throws -> FactKeyCache {
        var cache = FactKeyCache()
        for row in try connection.query("select source_system, source_customer_id, customer_id from dw.customer_source_key").rows {
            cache.sourceKeys[sourceKey(row[0]!, row[1]!)] = row[2]!
        }
        let microseconds = { (column: String) in
            "case when \(column) in ('-infinity', 'infinity') then null else (extract(epoch from \(column)) * 1000000)::bigint end"
        }
        let versionRows = try connection.query(
            "select customer_id, customer_key, \(microseconds("valid_from")), \(microseconds("valid_to")) from dw.dim_customer where customer_key <> -1")
        for row in versionRows.rows {
            let version = Version(
                from: row[2].flatMap { Int64($0) } ?? .min, to: row[3].flatMap { Int64($0) } ?? .max, key: Int64(row[1]!)!)
            cache.versions[row[0]!, default: []].append(version)
        }
        for row in try connection.query("select sku, product_key from dw.dim_product").rows { cache.products[row[0]!] = Int64(row[1]!)! }
        for row in try connection.query("select channel, channel_key from dw.dim_channel").rows { cache.channels[row[0]!] = Int64(row[1]!)! }
        for row in try connection.query("select campaign_code, campaign_key from dw.dim_campaign").rows {
            cache.campaigns[row[0]!] = Int64(row[1]!)!
        }
        let last = try connection.query(
            """
            select (select coalesce(max(customer_key), 0) from dw.dim_customer),
                (select coalesce(max(product_key), 0) from dw.dim_product),
                (select coalesce(max(channel_key), 0) from dw.dim_channel),
                (select coalesce(max(campaign_key), 0) from dw.dim_campaign)
            """
        ).rows[0].map { Int64($0!)! }
        cache.lastKey = ["customer": last[0], "product": last[1], "channel": last[2], "campaign": last[3]]
        return cache
    }

    /// The keys of `line`, inventing inferred members for what is unknown.
    mutating func keys(for line: SalesLine, defaultSourceSystem: String) -> Keys {
        let system = line.sourceSystem.map(Self.lowercased) ?? defaultSourceSystem
        let sourceID = String(decoding: line.sourceCustomerID, as: UTF8.self)
        let customerID: String
        if let known = sourceKeys[Self.sourceKey(system, sourceID)] {
            customerID = known
        } else {
            customerID = system + ":" + sourceID
            let key = nextKey("customer")
            sourceKeys[Self.sourceKey(system, sourceID)] = customerID
            versions[customerID] = [Version(from: .min, to: .max, key: key)]
            newCustomers.append((system, sourceID, customerID, key))
        }
        // A customer has a version for every instant: the first starts at -infinity.
        let customerKey = versions[customerID]?.first { line.orderedAt >= $0.from && line.orderedAt < $0.to }?.key ?? -1
        let sku = line.sku.map { String(decoding: $0, as: UTF8.self) }
        let (productKey, newProduct) = key(sku, in: \.products, dimension: "product")
        if newProduct, let sku { newProducts.append((sku, line.category.map { String(decoding: $0, as: UTF8.self) }, productKey)) }
        let channel = line.channel.map(Self.lowercased)
        let (channelKey, newChannel) = key(channel, in: \.channels, dimension: "channel")
        if newChannel, let channel { newChannels.append((channel, channelKey)) }
        let code = line.campaignCode.map { String(decoding: $0, as: UTF8.self) }
        let (campaignKey, newCampaign) = key(code, in: \.campaigns, dimension: "campaign")
        if newCampaign, let code { newCampaigns.append((code, campaignKey)) }
        return Keys(
            customerKey: customerKey, customerID: customerID, sourceSystem: system, productKey: productKey,
            channelKey: channelKey, campaignKey: campaignKey)
    }

    /// -1 for an absent value, the known key, or a new key for a new member
    /// (then `isNew` is true).
    private mutating func key(
        _ value: String?, in keys: WritableKeyPath<FactKeyCache, [String: Int64]>, dimension: String
    ) -> (key: Int64, isNew: Bool) {
        guard let value else { return (-1, false) }
        if let known = self[keyPath: keys][value] { return (known, false) }
        let key = nextKey(dimension)
        self[keyPath: keys][value] = key
        return (key, true)
    }

    private mutating func nextKey(_ dimension: String) -> Int64 {
        let key = (lastKey[dimension] ?? 0) + 1
        lastKey[dimension] = key
        return key
    }

    private static func sourceKey(_ system: String, _ id: String) -> String {
        system + "\u{1F}" + id
    }

    private static func lowercased(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
