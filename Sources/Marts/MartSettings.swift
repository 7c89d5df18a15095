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
    /// Months after a churn month in which an order makes that churn false.
    public var churnFollowupMonths = 12
    /// BG/NBD P(alive) below which a customer counts as likely lapsed.
    public var churnPAliveThreshold = "0.5"
    /// Largest share of returning customers at which an inactivity window is recommended.
    public var churnWindowReturnShare = "0.10"
    /// Active months (of 12) a customer needs for a trend label; fewer: occasional.
    public var trendMinActiveMonths = 4
    /// Days after a response within which purchases count as responder revenue.
    public var responseWindowDays: Int
    /// Orders a product pair needs to be listed in product affinity.
    public var productPairMinOrders: Int
    /// Coefficient of variation of spend across active months above which a customer is volatile.
    public var trendVolatileCV: String
    /// Slope over active months relative to their mean spend beyond which spend grows or declines.
    public var trendGrowthSlope: String
    /// Lowest order counts of F scores 2, 3, 4 and 5.
    public var rfmFrequencyBands = [2, 3, 5, 10]
    /// Days within which a one-order customer's order makes them "new".
    public var rfmNewCustomerDays = 90
    /// Months whose flows the value tier forecast pools (value_forecast reads it).
    public var forecastPoolMonths = 12
    /// Customers a market cell (country × city × acquisition channel) needs to be shown; smaller ones are grouped.
    public var marketMinCustomers = 10
    /// Opt-out rate below which a channel's contact pressure lies within the suggested cap.
    public var contactCapOptOutRate = "0.01"
    /// Customer-months a contact pressure needs before the cap judges it.
    public var contactCapMinCustomerMonths = 30
    /// IANA zone of the hours, weekdays and months of interactions (warehouse.reporting_time_zone).
    public var reportingTimeZone = "UTC"

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

    /// `mart.settings` names, their values as decimal text and what they mean.
    public var rows: [(name: String, value: String, description: String)] {
        [
            ("tier_top_share", tierTopShare, "Share of customers (by trailing-12-month revenue) in the top tier."),
            ("tier_high_share", tierHighShare, "Cumulative share of customers in the top and high tiers."),
            ("tier_medium_share", tierMediumShare, "Cumulative share of customers in the top, high and medium tiers."),
            ("churn_inactive_months", "\(churnInactiveMonths)",
             "Months without a purchase after which a customer counts as churned."),
            ("response_window_days", "\(responseWindowDays)",
             "Days after a response within which purchases count as revenue from responders."),
            ("product_pair_min_orders", "\(productPairMinOrders)",
             "Orders a product pair needs to be listed in product affinity."),
            ("trend_volatile_cv", trendVolatileCV,
             "Coefficient of variation of spend across active months above which a customer is volatile."),
            ("trend_growth_slope", trendGrowthSlope,
             "Monthly slope of spend over active months relative to its mean above which spend grows (below its negative: declines)."),
            ("churn_followup_months", "\(churnFollowupMonths)",
             "Months after a churn month in which an order counts as a return (false churn)."),
            ("churn_p_alive_threshold", churnPAliveThreshold,
             "BG/NBD P(alive) below which the churn report counts a customer as likely lapsed."),
            ("churn_window_return_share", churnWindowReturnShare,
             "Largest share of returning customers at which an inactivity window is recommended."),
            ("trend_min_active_months", "\(trendMinActiveMonths)",
             "Active months in the 12 a customer needs for a trend label; fewer: occasional."),
            ("forecast_pool_months", "\(forecastPoolMonths)",
             "Months whose customer flows (order rates by months since the last order, new customers) the value tier forecast pools."),
            ("market_min_customers", "\(marketMinCustomers)",
             "Customers a country × city × acquisition channel cell of the market report needs to be shown; smaller cells are grouped into other."),
        ] + rfmRows + contactRows
    }

    private var rfmRows: [(name: String, value: String, description: String)] {
        zip(2..., rfmFrequencyBands).map { score, orders in
            ("rfm_f\(score)_orders", "\(orders)", "Lowest order count of RFM frequency score \(score).")
        } + [
            ("rfm_new_customer_days", "\(rfmNewCustomerDays)",
             "Days within which a one-order customer's order makes them a new customer."),
        ]
    }

    /// Settings only reports read, at report time: a change to them
    /// leaves the stored marts as they are.
    public static let readByReportsOnly: Set<String> = [
        "forecast_pool_months", "market_min_customers", "contact_cap_opt_out_rate", "contact_cap_min_customer_months",
    ]

    /// Writes the values that differ from `mart.settings` (compared as
    /// numbers, so 0.20 equals 0.2), adding the names it lacks, and returns
    /// the names written. Runs in the caller's transaction.
    @discardableResult
    public func write(_ connection: Connection) throws -> [String] {
        var changed: [String] = []
        for (name, value, description) in rows {
            let result = try connection.query(
                """
                insert into mart.settings as s (name, value, description) values ($1, $2::numeric, $3)
                on conflict (name) do update set value = excluded.value, description = excluded.description
                where s.value is distinct from excluded.value
                returning name
                """, [name, value, description])
            if result.rowCount > 0 { changed.append(name) }
        }
        return changed + (try writeTextSettings(connection))
    }
}
