import PostgresClient

/// The dimension keys a fact row needs, loaded once per file so order lines
/// of known customers, products, channels and campaigns can be written
/// straight into `dw.fact_sales` with their keys resolved on the client.
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
        return cache
    }

    /// The keys of `line`, or nil when any member is not in the warehouse
    /// yet (the line then goes through staging, which infers it).
    func keys(for line: SalesLine, defaultSourceSystem: String) -> Keys? {
        let system = line.sourceSystem.map(Self.lowercased) ?? defaultSourceSystem
        guard let customerID = sourceKeys[Self.sourceKey(system, String(decoding: line.sourceCustomerID, as: UTF8.self))],
            let version = versions[customerID]?.first(where: { line.orderedAt >= $0.from && line.orderedAt < $0.to })
        else { return nil }
        guard let product = Self.lookup(line.sku, in: products, transform: { String(decoding: $0, as: UTF8.self) }),
            let channel = Self.lookup(line.channel, in: channels, transform: Self.lowercased),
            let campaign = Self.lookup(line.campaignCode, in: campaigns, transform: { String(decoding: $0, as: UTF8.self) })
        else { return nil }
        return Keys(
            customerKey: version.key, customerID: customerID, sourceSystem: system, productKey: product,
            channelKey: channel, campaignKey: campaign)
    }

    /// -1 for an absent value, the key for a known one, nil for an unknown one.
    private static func lookup(
        _ bytes: UnsafeRawBufferPointer?, in keys: [String: Int64], transform: (UnsafeRawBufferPointer) -> String
    ) -> Int64? {
        guard let bytes else { return -1 }
        return keys[transform(bytes)]
    }

    private static func sourceKey(_ system: String, _ id: String) -> String {
        system + "\u{1F}" + id
    }

    private static func lowercased(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
