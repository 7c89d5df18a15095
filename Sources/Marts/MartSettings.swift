import PostgresClient

/// The parameters the marts compute with (`mart.settings`), as the
/// configuration's `analysis:` section sets them. `crmwh refresh` writes
/// them before it rebuilds anything; a changed value makes that refresh a
/// full one, so no stored mart keeps figures computed under the old value.
public struct MartSettings: Sendable, Equatable {
    /// Cumulative customer shares by value rank: top, top + high, top + high + medium.
    public var tierTopShare: String
    public var tierHighShare: String
    public var tierMediumShare: String
    /// Whole months without an order after which a customer counts as churned.
    public var churnInactiveMonths: Int
    /// Days after a response within which purchases count as responder revenue.
    public var responseWindowDays: Int
    /// Orders a product pair needs to be listed in product affinity.
    public var productPairMinOrders: Int
    /// Coefficient of variation of monthly spend above which a customer is volatile.
    public var trendVolatileCV: String
    /// Slope relative to mean monthly spend beyond which spend grows or declines.
    public var trendGrowthSlope: String

    public init(
        tierTopShare: String = "0.01", tierHighShare: String = "0.05", tierMediumShare: String = "0.20",
        churnInactiveMonths: Int = 3, responseWindowDays: Int = 30, productPairMinOrders: Int = 20,
        trendVolatileCV: String = "1.5", trendGrowthSlope: String = "0.05"
    ) {
        self.tierTopShare = tierTopShare
        self.tierHighShare = tierHighShare
        self.tierMediumShare = tierMediumShare
        self.churnInactiveMonths = churnInactiveMonths
        self.responseWindowDays = responseWindowDays
        self.productPairMinOrders = productPairMinOrders
        self.trendVolatileCV = trendVolatileCV
        self.trendGrowthSlope = trendGrowthSlope
    }

    /// `mart.settings` names and their values as decimal text.
    public var rows: [(name: String, value: String)] {
        [
            ("tier_top_share", tierTopShare), ("tier_high_share", tierHighShare),
            ("tier_medium_share", tierMediumShare), ("churn_inactive_months", "\(churnInactiveMonths)"),
            ("response_window_days", "\(responseWindowDays)"), ("product_pair_min_orders", "\(productPairMinOrders)"),
            ("trend_volatile_cv", trendVolatileCV), ("trend_growth_slope", trendGrowthSlope),
        ]
    }

    /// Writes the values that differ from `mart.settings` (compared as
    /// numbers, so 0.20 equals 0.2) and returns their names. Runs in the
    /// caller's transaction.
    @discardableResult
    public func write(_ connection: Connection) throws -> [String] {
        var changed: [String] = []
        for (name, value) in rows {
            let result = try connection.query(
                """
                update mart.settings set value = $2::numeric
                where name = $1 and value is distinct from $2::numeric
                returning name
                """, [name, value])
            if result.rowCount > 0 { changed.append(name) }
        }
        return changed
    }
}
