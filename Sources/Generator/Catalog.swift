import Foundation

/// The product catalog: SKUs across the categories with list prices per currency.
struct Catalog {
    struct Product {
        let sku: String
        let category: Int
        let subcategory: Int
        /// List price in cents per currency (USD, EUR, GBP).
        let prices: [Int]
        let unitCostCents: Int
        /// Sold by weight: quantities have one decimal and prices are multiples of 10 cents.
        let byWeight: Bool
    }

    let products: [Product]
    /// Product indices per category, most popular first.
    let byCategory: [[Int]]

    init(customers: Int, rng: inout RandomSource) {
        let count = min(2000, max(200, customers / 25))
        var products: [Product] = []
        var byCategory = Array(repeating: [Int](), count: Category.all.count)
        for i in 0..<count {
            let c = i % Category.all.count
            let category = Category.all[c]
            let sub = rng.below(category.subcategories.count)
            let byWeight = c == 7 && sub == 0
            let usd = rng.logNormal(mu: log(category.medianPrice), sigma: 0.55)
            let prices = Currency.approximateRateToBase.map { rate in
                Catalog.listPrice(usd / rate, byWeight: byWeight)
            }
            products.append(Product(sku: "SKU-" + String(100_000 + i), category: c, subcategory: sub, prices: prices,
                                    unitCostCents: Int(Double(prices[0]) * ProductStructurePlant.costRatios[c]),
                                    byWeight: byWeight))
            byCategory[c].append(i)
        }
        self.products = products
        self.byCategory = byCategory
    }

    /// Shop prices: "x.99" for items, whole 10 cents per kg for weighed goods.
    static func listPrice(_ value: Double, byWeight: Bool) -> Int {
        if byWeight { return max(10, Int((value * 10).rounded()) * 10) }
        return max(99, Int(value.rounded(.down)) * 100 + 99)
    }

    /// A product of a category, popular ones far more often (quadratic skew).
    func pick(category: Int, rng: inout RandomSource) -> Int {
        let list = byCategory[category]
        let u = rng.unit()
        return list[Int(u * u * Double(list.count))]
    }

    func name(of index: Int) -> String {
        let p = products[index]
        let category = Category.all[p.category]
        return ReferenceData.adjectives[index % ReferenceData.adjectives.count] + " "
            + category.subcategories[p.subcategory] + " " + String(index % 97 + 1)
    }

    /// Writes products.csv with its planted bad rows.
    func write(to path: String, planter: inout BadRecordPlanter) throws -> Int {
        let out = try ByteWriter(path: path)
        try out.header("sku,name,category,subcategory,unit_cost")
        var records = 0
        func row(_ i: Int, sku: String, cost: String?) throws {
            let p = products[i]
            out.text(sku)
            out.comma()
            out.text(name(of: i))
            out.comma()
            out.text(Category.all[p.category].name)
            out.comma()
            out.text(Category.all[p.category].subcategories[p.subcategory])
            out.comma()
            if let cost { out.text(cost) } else { out.cents(p.unitCostCents) }
            try out.endLine()
            records += 1
        }
        func plant(_ kind: Int, after i: Int) throws {
            let value = planter.record(kind: kind, line: out.lines + 1)
            let field = planter.kinds[kind].field
            // A fresh SKU so the bad row never shadows a real product.
            try row(i, sku: field == "sku" ? value : "SKU-BAD-" + String(planter.planted.count), cost: field == "unit_cost" ? value : nil)
        }
        for i in products.indices {
            try row(i, sku: products[i].sku, cost: nil)
            if let kind = planter.shouldPlant() { try plant(kind, after: i) }
        }
        for kind in planter.missingKinds { try plant(kind, after: 0) }
        try out.close()
        return records
    }

    static let badKinds: [BadRecordPlanter.Kind] = [
        .init(field: "sku", rule: "required.missing", severity: "reject", values: [""]),
        .init(field: "unit_cost", rule: "money.invalid", severity: "reject", values: ["12.3.4", "N/A", "ten"]),
    ]
}
