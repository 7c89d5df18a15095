import Foundation

/// What the product structure report should find in the generated feeds:
/// each category's unit cost is a fixed share of the USD list price (so
/// margins differ by category by design), and customers whose first order
/// is mostly in the gateway category buy more often and drop out less
/// afterwards. The manifest records both with the margins and 12-month
/// retention they imply.
struct ProductStructurePlant {
    /// Unit cost / USD list price, per `Category.all` index.
    static let costRatios = [0.75, 0.50, 0.40, 0.30, 0.55, 0.65, 0.45, 0.70, 0.50, 0.60]
    /// Beauty: the category whose first-order customers come back.
    static let gatewayCategory = 3
    static let gatewayRateFactor: Float = 1.6
    static let gatewayDropoutFactor: Float = 0.5

    /// What a gateway first order does to the person's later purchases.
    static func applyGateway(_ p: inout Person) {
        p.rate *= gatewayRateFactor
        p.dropout *= gatewayDropoutFactor
    }

    /// Net revenue and cost per category, approximate base currency (returns subtracted).
    private var revenue = Array(repeating: 0.0, count: Category.all.count)
    private var cost = Array(repeating: 0.0, count: Category.all.count)
    private var process = PurchaseProcess(endSeconds: 0)
    private var responseTimes: [Int32: [Int64]] = [:]
    /// Prefix sums of the calendar's purchase intensity (seasonality) from `firstDay`.
    private var seasonSums: [Double] = [0]
    private var firstDay = 0
    private(set) var gatewayCustomers = 0
    /// Per group (0 others, 1 gateway): people followed 12 months after a
    /// regular first order, and the sum of their chances of another order.
    private var followed = [0, 0]
    private var expectedRetained = [0.0, 0.0]

    mutating func prepare(process: PurchaseProcess, responses: [InteractionsWriter.Response]) {
        self.process = process
        for r in responses { responseTimes[r.person, default: []].append(r.utcSeconds) }
        let lastDay = Int(process.endSeconds / 86_400) + 370
        firstDay = lastDay - 12_000
        seasonSums.reserveCapacity(lastDay - firstDay + 2)
        for day in firstDay...lastDay {
            seasonSums.append(seasonSums[seasonSums.count - 1] + PurchaseProcess.seasonality(day: day))
        }
    }

    /// Adds an order's lines to the category margins.
    mutating func tally(_ lines: [TransactionsWriter.Line], catalog: Catalog, currency: Int) {
        for line in lines {
            let product = catalog.products[line.sku]
            let sign = line.returned ? -1.0 : 1.0
            revenue[product.category] += sign * Double(line.amountCents) / 100 * Currency.approximateRateToBase[currency]
            cost[product.category] += sign * Double(line.quantityTenths * product.unitCostCents) / 1000
        }
    }

    /// A person's first order with a purchase line, at `t`: the gateway
    /// categories are those with the most purchase revenue in it (all of
    /// them when several tie), as the report ranks them.
    mutating func firstOrder(_ p: inout Person, person: Int32, lines: [TransactionsWriter.Line], catalog: Catalog,
                             at t: Int64, isResponse: Bool) {
        var byCategory: [Int: Int] = [:]
        for line in lines where !line.returned { byCategory[catalog.products[line.sku].category, default: 0] += line.amountCents }
        guard let top = byCategory.values.max() else { return }
        let isGateway = byCategory[Self.gatewayCategory] == top
        if isGateway {
            Self.applyGateway(&p)
            gatewayCustomers += 1
        }
        // Expected retention of regular first orders whose 12 months end within the history.
        let day = Int(t / 86_400)
        let end = Int64(day + 365) * 86_400
        guard !isResponse, end <= process.endSeconds else { return }
        let group = isGateway ? 1 : 0
        followed[group] += 1
        if responseTimes[person, default: []].contains(where: { $0 > t && $0 < end }) {
            expectedRetained[group] += 1
            return
        }
        // Another regular purchase: no dropout after this one, and an arrival
        // of the seasonal Poisson process before the window ends.
        let fraction = 1 - Double(t % 86_400) / 86_400
        let intensity = seasonSums[day + 365 - firstDay] - seasonSums[day + 1 - firstDay]
            + fraction * PurchaseProcess.seasonality(day: day)
        let arrivals = Double(p.rate) * process.intensity * intensity
        expectedRetained[group] += (1 - Double(p.dropout)) * (1 - exp(-arrivals))
    }

    var manifest: Manifest.ProductStructure {
        Manifest.ProductStructure(
            categories: Category.all.indices.map { c in
                Manifest.ProductStructure.CategoryMargin(
                    category: Category.all[c].name, unitCostRatio: Self.costRatios[c],
                    expectedMarginRate: revenue[c] > 0 ? 1 - cost[c] / revenue[c] : 0, netRevenue: revenue[c])
            },
            gatewayCategory: Category.all[Self.gatewayCategory].name,
            gatewayRateFactor: Double(Self.gatewayRateFactor), gatewayDropoutFactor: Double(Self.gatewayDropoutFactor),
            gatewayCustomers: gatewayCustomers,
            followedGatewayCustomers: followed[1], followedOtherCustomers: followed[0],
            expectedGatewayRetention: followed[1] > 0 ? expectedRetained[1] / Double(followed[1]) : 0,
            expectedOtherRetention: followed[0] > 0 ? expectedRetained[0] / Double(followed[0]) : 0)
    }
}

extension Manifest {
    /// The planted product structure: category margins and the gateway effect.
    public struct ProductStructure: Codable, Sendable {
        public struct CategoryMargin: Codable, Sendable {
            public var category: String
            /// Unit cost / USD list price of every product of the category.
            public var unitCostRatio: Double
            /// 1 − cost / net revenue of the written lines (returns
            /// subtracted, discounts included), at the generator's
            /// approximate rates rather than fx_rates.csv.
            public var expectedMarginRate: Double
            public var netRevenue: Double
        }

        public var categories: [CategoryMargin]
        /// Customers whose first order has the most purchase revenue in
        /// this category buy gatewayRateFactor times as often and drop out
        /// gatewayDropoutFactor times as often afterwards.
        public var gatewayCategory: String
        public var gatewayRateFactor: Double
        public var gatewayDropoutFactor: Double
        public var gatewayCustomers: Int
        /// People with a regular (not campaign response) first order whose
        /// 12 months after it end within the history, per group.
        public var followedGatewayCustomers: Int
        public var followedOtherCustomers: Int
        /// Mean chance of another order within 12 months of that first
        /// order (scheduled campaign response orders count as certain).
        public var expectedGatewayRetention: Double
        public var expectedOtherRetention: Double
    }
}
