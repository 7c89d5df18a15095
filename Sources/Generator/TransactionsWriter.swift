/// Writes transactions.csv by replaying every person's purchases in time
/// order through an event heap: memory grows with people, not with lines.
struct TransactionsWriter {
    static let badKinds: [BadRecordPlanter.Kind] = [
        .init(field: "order_id", rule: "required.missing", severity: "reject", values: [""]),
        .init(field: "customer_id", rule: "required.missing", severity: "reject", values: [""]),
        .init(field: "unit_price", rule: "money.invalid", severity: "reject", values: ["12,99", "abc", "NaN", "1e3"]),
        .init(field: "ordered_at", rule: "timestamp.invalid", severity: "reject",
              values: ["2025-02-29T10:00:00Z", "31/12/2025 25:61", "tomorrow"]),
        .init(field: "currency", rule: "currency.no_rate", severity: "reject", values: ["CHF", "JPY", "SEK"]),
        .init(field: "quantity", rule: "quantity.invalid", severity: "reject", values: ["0", "-1", "two", "1.2345"]),
        .init(field: "amount", rule: "money.invalid", severity: "reject", values: ["12.34.56", "Infinity"]),
    ]

    struct Line {
        var sku: Int
        var quantityTenths: Int
        var priceCents: Int
        var discountCents: Int
        var returned: Bool
        var byWeight: Bool
        var amountCents: Int { quantityTenths * priceCents / 10 - discountCents }
    }

    let catalog: Catalog
    let campaigns: [Campaign]
    var rng: RandomSource
    private(set) var records = 0
    private(set) var orders = 0
    private(set) var returnedLines = 0
    private(set) var responseOrders = 0
    /// Net revenue of each campaign's response orders (returned lines
    /// subtracted), at the approximate base-currency rates.
    private(set) var responseRevenue: [Double]
    private var badOrders = 0
    private var lines: [Line] = []
    /// Category margins and the gateway effect of first orders.
    private(set) var productPlant = ProductStructurePlant()
    /// The planted effect of contact on upward tier moves, when asked for.
    var migrationPlant: MigrationPlant?

    init(catalog: Catalog, campaigns: [Campaign], rng: RandomSource) {
        self.catalog = catalog
        self.campaigns = campaigns
        self.rng = rng
        responseRevenue = Array(repeating: 0, count: campaigns.count)
    }

    mutating func write(to path: String, people: inout [Person], responses: [InteractionsWriter.Response],
                        process: PurchaseProcess, planter: inout BadRecordPlanter,
                        contacts: [InteractionsWriter.Response] = []) throws {
        productPlant.prepare(process: process, responses: responses)
        let out = try ByteWriter(path: path)
        try out.header("order_id,line_no,customer_id,sku,category,quantity,unit_price,discount,amount,currency,ordered_at,channel,campaign_code,status,source_system")
        var heap = EventHeap()
        for i in people.indices where !people[i].neverBuys {
            heap.push(.init(time: process.firstPurchase(people[i], rng: &rng), person: Int32(i), campaign: -1))
        }
        for r in responses { heap.push(.init(time: r.utcSeconds, person: r.person, campaign: r.campaign)) }
        if migrationPlant != nil {
            for c in contacts { heap.push(.init(time: c.utcSeconds, person: c.person, campaign: MigrationPlant.contactEvent)) }
        }
        let marketWindows = MarketMix.Windows(endDay: Int(process.endSeconds / 86_400) - 1)
        while let e = heap.pop(), e.time < process.endSeconds {
            let i = Int(e.person)
            if e.campaign == MigrationPlant.contactEvent {
                if let t = migrationPlant?.extraOrder(person: i, contactSeconds: e.time, endSeconds: process.endSeconds) {
                    heap.push(.init(time: t, person: e.person, campaign: MigrationPlant.extraOrderEvent))
                }
                continue
            }
            let extra = e.campaign == MigrationPlant.extraOrderEvent
            // An extra order draws its lines from the plant's stream, so every other order stays as it was.
            if extra { swap(&rng, &migrationPlant!.lineRandom) }
            let revenueBefore = people[i].revenue
            try writeOrder(out, person: i, &people[i], at: e.time, campaign: extra ? -1 : Int(e.campaign),
                           planter: &planter, plantsBadRecords: !extra)
            if extra { swap(&rng, &migrationPlant!.lineRandom) }
            // Revenue grew: the order kept a purchase line (not all returned).
            if people[i].revenue > revenueBefore {
                MarketMix.count(orderAt: e.time, of: &people[i], windows: marketWindows)
                migrationPlant?.recordOrder(person: i, utcSeconds: e.time)
            }
            if e.campaign == -1, let next = process.nextPurchase(people[i], after: e.time, rng: &rng) {
                heap.push(.init(time: next, person: e.person, campaign: -1))
            }
        }
        for kind in planter.missingKinds { try plant(out, kind: kind, person: 0, people[0], at: process.endSeconds - 86_400, planter: &planter) }
        try out.close()
    }

    private mutating func writeOrder(_ out: ByteWriter, person i: Int, _ p: inout Person, at t: Int64, campaign: Int,
                                     planter: inout BadRecordPlanter, plantsBadRecords: Bool = true) throws {
        orders += 1
        if campaign >= 0 { responseOrders += 1 }
        let currency = Market.all[Int(p.market)].currency
        buildLines(p, currency: currency)
        let useSecond = p.hasSecond && rng.chance(0.4)
        let system = useSecond ? Int(p.secondSystem) : Int(p.primarySystem)
        let id = useSecond ? p.secondId : p.primaryId
        var revenue = 0
        var net = 0
        for (n, line) in lines.enumerated() {
            out.byte(UInt8(ascii: "O")); out.padded(orders, width: 9)
            out.comma()
            try writeLine(out, n + 1, line, p, system: system, id: id, currency: Currency.all[currency], at: t,
                          campaign: campaign, bad: nil)
            if !line.returned { revenue += line.amountCents }
            if line.returned { returnedLines += 1 }
            net += line.returned ? -line.amountCents : line.amountCents
        }
        if campaign >= 0 {
            responseRevenue[campaign] += Double(net) / 100 * Currency.approximateRateToBase[currency]
        }
        productPlant.tally(lines, catalog: catalog, currency: currency)
        if p.revenue == 0 && revenue > 0 {
            productPlant.firstOrder(&p, person: Int32(i), lines: lines, catalog: catalog, at: t, isResponse: campaign >= 0)
        }
        p.orders += 1
        p.revenue += Double(revenue) * Currency.approximateRateToBase[currency]
        if plantsBadRecords, let kind = planter.shouldPlant() { try plant(out, kind: kind, person: i, p, at: t, planter: &planter) }
    }

    /// An extra one-line order with one broken field.
    private mutating func plant(_ out: ByteWriter, kind: Int, person i: Int, _ p: Person, at t: Int64,
                                planter: inout BadRecordPlanter) throws {
        let value = planter.record(kind: kind, line: out.lines + 1)
        let field = planter.kinds[kind].field
        badOrders += 1
        if field == "order_id" { out.text(value) } else { out.byte(UInt8(ascii: "B")); out.padded(badOrders, width: 9) }
        out.comma()
        let currency = Market.all[Int(p.market)].currency
        buildLines(p, currency: currency)
        try writeLine(out, 1, lines[0], p, system: Int(p.primarySystem), id: p.primaryId, currency: Currency.all[currency],
                      at: t, campaign: -1, bad: (field, value))
    }

    private mutating func buildLines(_ p: Person, currency: Int) {
        lines.removeAll(keepingCapacity: true)
        let count = min(12, 1 + rng.geometric(1 / (1 + 0.8 * min(Double(p.spend), 4))))
        var category = rng.chance(0.5) ? Int(p.favoriteCategory) : rng.below(Category.all.count)
        for n in 0..<count {
            if n > 0 {
                let u = rng.unit()
                category = u < 0.45 ? category : (u < 0.7 ? Category.all[category].partner : rng.below(Category.all.count))
            }
            let sku = catalog.pick(category: category, rng: &rng)
            let product = catalog.products[sku]
            var tenths: Int
            if product.byWeight {
                tenths = 5 + rng.below(26)
            } else {
                let u = rng.unit()
                tenths = (u < 0.75 ? 1 : (u < 0.9 ? 2 : 3 + rng.below(4))) * 10
                if rng.chance(0.08 * Double(p.spend)) { tenths += 10 }
            }
            let price = product.prices[currency]
            let gross = tenths * price / 10
            let discount = rng.chance(0.12) ? gross * (5 + rng.below(26)) / 100 : 0
            lines.append(Line(sku: sku, quantityTenths: tenths, priceCents: price, discountCents: discount,
                              returned: rng.chance(0.04), byWeight: product.byWeight))
        }
    }

    private mutating func writeLine(_ out: ByteWriter, _ lineNo: Int, _ line: Line, _ p: Person, system: Int, id: Int32,
                                    currency: String, at t: Int64, campaign: Int,
                                    bad: (field: String, value: String)?) throws {
        func field(_ name: String, _ write: () -> Void) {
            if let bad, bad.field == name { out.text(bad.value) } else { write() }
        }
        let product = catalog.products[line.sku]
        out.int(lineNo)
        out.comma()
        field("customer_id") { Population.customerId(system: system, number: id, into: out) }
        out.comma()
        out.text(product.sku)
        out.comma()
        out.text(Category.all[product.category].name)
        out.comma()
        field("quantity") {
            if line.byWeight || (lineNo == 2 && line.quantityTenths == 20) {
                out.fixed(line.quantityTenths, places: 1)  // "1.5" kg, and sometimes "2.0"
            } else {
                out.int(line.quantityTenths / 10)
            }
        }
        out.comma()
        field("unit_price") { out.cents(line.priceCents) }
        out.comma()
        if line.discountCents > 0 { out.cents(line.discountCents) } else if lineNo % 2 == 0 { out.text("0.00") }
        out.comma()
        field("amount") { out.cents(line.amountCents) }
        out.comma()
        field("currency") { out.text(currency) }
        out.comma()
        field("ordered_at") { out.timestamp(utcSeconds: t, market: Market.all[Int(p.market)], style: system, millis: Int(t % 1000)) }
        out.comma()
        switch system {
        case 0: out.text(t % 3 == 0 ? "app" : "web")
        case 1: out.text("store")
        default: out.text("phone")
        }
        out.comma()
        if campaign >= 0 { out.text(campaigns[campaign].code) }
        out.comma()
        out.text(line.returned ? "returned" : "completed")
        out.comma()
        out.text(StaticStringTable.systemName(system))
        try out.endLine()
        records += 1
    }
}
