import PostgresClient

/// The dimension keys a fact row needs, loaded once per file so order lines
/// can be written straight into `dw.fact_sales` with their keys resolved on
/// the client. A member not in the warehouse yet (a customer whose contact
/// has not arrived, a new SKU, channel or campaign) gets the next key here
/// and is inserted as an inferred member before the file commits; only one
/// writer runs at a time (the warehouse lock), so the keys cannot clash.
/// Lookups go by the record's bytes: no String is made for a known member.
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
        var productKey: Int64
        var channelKey: Int64
        var campaignKey: Int64
    }

    /// A master customer and its SCD2 versions: the first inline (most
    /// customers have one), the later ones in `laterVersions`.
    struct Customer {
        var id: String
        var first: Version?
        var laterStart: Int32 = 0
        var laterCount: Int32 = 0
    }

    private var customers: [Customer] = []
    private var laterVersions: [Version] = []
    /// "system\u{1F}source id" → index into `customers`.
    private var sourceKeys = ByteKeyTable(minimumCapacity: 1 << 16)
    /// The last line's source key and customer: an order's lines follow
    /// each other and share their customer.
    private var lastSourceKey: [UInt8] = []
    private var lastCustomer = -1
    /// The highest customer key in use; inferred customers get the next.
    private var lastIssuedCustomerKey: Int64 = 0
    private var products = Dimension()
    private var channels = Dimension()
    private var campaigns = Dimension()
    /// Reused for composed and lower-cased lookup keys.
    private var scratch: [UInt8] = []

    /// Members created by `keys(for:)`, to insert after the facts.
    private(set) var newCustomers: [(system: String, id: String, customerID: String, key: Int64)] = []
    private(set) var newProducts: [(sku: String, category: String?, key: Int64)] = []
    private(set) var newChannels: [(name: String, key: Int64)] = []
    private(set) var newCampaigns: [(code: String, key: Int64)] = []

    /// Every customer of the warehouse, or (`sourceKeys`, composed as
    /// `appendSourceKey` does) those a file names: a key the file names
    /// that is not there is a new customer either way.
    static func load(_ connection: Connection, sourceKeys: [String]? = nil) throws -> FactKeyCache {
        var cache = FactKeyCache()
        // Read cell by cell: these results have a row per customer.
        var customerIndex = ByteKeyTable(minimumCapacity: 1 << 16)
        let microseconds = { (column: String) in
            "case when \(column) in ('-infinity', 'infinity') then null else (extract(epoch from \(column)) * 1000000)::bigint end"
        }
        // A file's customers: their source keys, then the versions of the
        // customers those name. (`= any` of an array constant is hashed; a
        // join to the array probed the keys one by one.)
        let sources = try connection.query(
            """
            select source_system || chr(31) || source_customer_id, customer_id from dw.customer_source_key
            \(sourceKeys == nil ? "" : "where source_system || chr(31) || source_customer_id = any($1::text[])")
            """, sourceKeys.map { [PostgresArray($0)] } ?? [])
        var named: [String] = []
        if sourceKeys != nil {
            var seen = ByteKeyTable(minimumCapacity: sources.rowCount)
            for row in 0..<sources.rowCount where seen.value(for: sources.bytes(row, 1)!) == nil {
                seen.set(row, for: sources.bytes(row, 1)!)
                named.append(sources.string(row, 1)!)
            }
        }
        let versions = try connection.query(
            """
            select customer_id, customer_key, \(microseconds("valid_from")), \(microseconds("valid_to"))
            from dw.dim_customer
            where customer_key <> -1\(sourceKeys == nil ? "" : " and customer_id = any($1::text[])")
            order by customer_id, valid_from
            """, sourceKeys == nil ? [] : [PostgresArray(named)])
        for row in 0..<versions.rowCount {
            let version = Version(
                from: versions.int64(row, 2) ?? .min, to: versions.int64(row, 3) ?? .max, key: versions.int64(row, 1)!)
            let index = cache.index(of: versions.bytes(row, 0)!, in: &customerIndex)
            if cache.customers[index].first == nil {
                cache.customers[index].first = version
            } else {
                // Rows come sorted by customer, so a customer's later versions are contiguous.
                if cache.customers[index].laterCount == 0 { cache.customers[index].laterStart = Int32(cache.laterVersions.count) }
                cache.laterVersions.append(version)
                cache.customers[index].laterCount += 1
            }
        }
        cache.sourceKeys = ByteKeyTable(minimumCapacity: sources.rowCount)
        for row in 0..<sources.rowCount {
            cache.sourceKeys.set(cache.index(of: sources.bytes(row, 1)!, in: &customerIndex), for: sources.bytes(row, 0)!)
        }
        for row in try connection.query("select sku, product_key from dw.dim_product").rows {
            cache.products.table.set(Int(row[1]!)!, for: row[0]!)
        }
        for row in try connection.query("select channel, channel_key from dw.dim_channel").rows {
            cache.channels.table.set(Int(row[1]!)!, for: row[0]!)
        }
        for row in try connection.query("select campaign_code, campaign_key from dw.dim_campaign").rows {
            cache.campaigns.table.set(Int(row[1]!)!, for: row[0]!)
        }
        let last = try connection.query(
            """
            select (select coalesce(max(customer_key), 0) from dw.dim_customer),
                (select coalesce(max(product_key), 0) from dw.dim_product),
                (select coalesce(max(channel_key), 0) from dw.dim_channel),
                (select coalesce(max(campaign_key), 0) from dw.dim_campaign)
            """
        ).rows[0].map { Int64($0!)! }
        cache.lastIssuedCustomerKey = last[0]
        cache.products.lastKey = last[1]
        cache.channels.lastKey = last[2]
        cache.campaigns.lastKey = last[3]
        return cache
    }

    /// The keys of `line`, inventing inferred members for what is unknown.
    /// `system` is the line's source system, lower-cased.
    mutating func keys(for line: SalesLine, system: UnsafeRawBufferPointer) -> Keys {
        scratch.removeAll(keepingCapacity: true)
        Self.appendSourceKey(system: system, customer: line.sourceCustomerID, to: &scratch)
        if scratch != lastSourceKey {
            lastCustomer = customerIndex(forSourceKeyIn: system, line)
            swap(&scratch, &lastSourceKey)
        }
        let customer = lastCustomer
        let customerKey = Self.versionKey(of: customers[customer], at: line.orderedAt, later: laterVersions)
        let (productKey, newProduct) = products.key(for: line.sku)
        if newProduct, let sku = line.sku {
            newProducts.append(
                (String(decoding: sku, as: UTF8.self), line.category.map { String(decoding: $0, as: UTF8.self) }, productKey))
        }
        var channelKey: Int64 = -1
        if let channel = line.channel {
            scratch.removeAll(keepingCapacity: true)
            FieldBytes.appendLowercased(channel, to: &scratch)
            let (key, isNew) = scratch.withUnsafeBytes { channels.key(for: $0) }
            if isNew { newChannels.append((String(decoding: scratch, as: UTF8.self), key)) }
            channelKey = key
        }
        let (campaignKey, newCampaign) = campaigns.key(for: line.campaignCode)
        if newCampaign, let code = line.campaignCode { newCampaigns.append((String(decoding: code, as: UTF8.self), campaignKey)) }
        return Keys(
            customerKey: customerKey, customerID: customers[customer].id, productKey: productKey,
            channelKey: channelKey, campaignKey: campaignKey)
    }

    /// A customer's source key as the cache looks it up: the (lower-cased)
    /// source system, the unit separator, the source's customer id.
    static func appendSourceKey(system: UnsafeRawBufferPointer, customer: UnsafeRawBufferPointer, to key: inout [UInt8]) {
        key.append(contentsOf: system)
        key.append(0x1F)
        key.append(contentsOf: customer)
    }

    /// The customer of the source key in `scratch`; an unknown one becomes
    /// a new inferred customer whose one version covers all time.
    private mutating func customerIndex(forSourceKeyIn system: UnsafeRawBufferPointer, _ line: SalesLine) -> Int {
        if let known = scratch.withUnsafeBytes({ sourceKeys.value(for: $0) }) { return known }
        let systemName = String(decoding: system, as: UTF8.self)
        let sourceID = String(decoding: line.sourceCustomerID, as: UTF8.self)
        lastIssuedCustomerKey += 1
        let customer = Customer(id: systemName + ":" + sourceID, first: Version(from: .min, to: .max, key: lastIssuedCustomerKey))
        customers.append(customer)
        scratch.withUnsafeBytes { sourceKeys.set(customers.count - 1, for: $0) }
        newCustomers.append((systemName, sourceID, customer.id, lastIssuedCustomerKey))
        return customers.count - 1
    }

    /// The key of the version in effect at `instant`; -1 if none is.
    private static func versionKey(of customer: Customer, at instant: Int64, later: [Version]) -> Int64 {
        guard let first = customer.first else { return -1 }
        if instant >= first.from && instant < first.to { return first.key }
        let start = Int(customer.laterStart)
        for version in later[start ..< start + Int(customer.laterCount)] where instant >= version.from && instant < version.to {
            return version.key
        }
        return -1
    }

    private mutating func index(of customerID: UnsafeRawBufferPointer, in indexes: inout ByteKeyTable) -> Int {
        if let known = indexes.value(for: customerID) { return known }
        indexes.set(customers.count, for: customerID)
        customers.append(Customer(id: String(decoding: customerID, as: UTF8.self)))
        return customers.count - 1
    }
}

extension FactKeyCache {
    /// One small dimension's keys by value, and the last key given out.
    struct Dimension {
        var table = ByteKeyTable()
        var lastKey: Int64 = 0

        /// -1 for an absent value, the known key, or the next key for a
        /// new member (then `isNew` is true).
        mutating func key(for value: UnsafeRawBufferPointer?) -> (key: Int64, isNew: Bool) {
            guard let value else { return (-1, false) }
            if let known = table.value(for: value) { return (Int64(known), false) }
            lastKey += 1
            table.set(Int(lastKey), for: value)
            return (lastKey, true)
        }
    }
}
