import Analytics
import Foundation
import Marts
import Pipeline
import Yams

/// `analysis:` — the as-of date, the CLV model settings, and the parameters
/// the marts compute with (value tiers, churn window, response window,
/// product-pair support, trend labels). `crmwh refresh` writes the latter
/// into `mart.settings`; this section is their only source.
public struct AnalysisSection: Equatable {
    public enum AsOf: Equatable, CustomStringConvertible {
        /// The last day with data in the warehouse.
        case latest
        /// A fixed day, `yyyy-mm-dd`.
        case date(String)

        public var description: String {
            switch self {
            case .latest: return "latest"
            case .date(let day): return day
            }
        }
    }

    public struct CLV: Equatable {
        public var enabled = true
        /// The purchase model: BG/NBD, or MBG/NBD (one-time buyers may have dropped out).
        public var model: PurchaseModelKind = .bgnbd
        var unit: TimeUnit = .week
        public var horizonMonths = 12
        /// Yearly rate future value is discounted at.
        public var discountRate = 0.10
        /// Share of revenue that is profit (1.0: value is revenue).
        public var margin = 1.0
    }

    /// Share of customers, by value rank, in each tier; the rest are `low`.
    public struct Tiers: Equatable {
        public var top = 0.01
        public var high = 0.04
        public var mid = 0.15
    }

    public var asOf: AsOf = .latest
    public var clv = CLV()
    public var tiers = Tiers()
    /// Whole months without an order after which a customer counts as churned.
    public var churnInactiveMonths = 3
    /// Months after a churn month in which an order makes that churn false.
    public var churnFollowupMonths = 12
    /// BG/NBD P(alive) below which the churn report counts a customer as likely lapsed.
    public var churnPAliveThreshold = 0.5
    /// Largest share of returning customers at which an inactivity window is recommended.
    public var churnWindowReturnShare = 0.10
    public var responseWindowDays = 30
    public var productPairMinOrders = 20
    /// Customers a market report cell needs to be shown; smaller cells are grouped into other.
    public var marketMinCustomers = 10
    public var trend = Trend()
    public var rfm = RFM()
    /// The value tier forecast (value_forecast).
    public var forecast = Forecast()
    /// The frequency cap per channel (contact_patterns).
    public var contactCap = ContactCap()
    /// Per-customer propensity models (analysis.propensity).
    public var propensity = Propensity()

    public struct Forecast: Equatable {
        /// Months whose flows the forecast pools.
        public var poolMonths = 12
    }

    /// When a customer's monthly spend counts as volatile, growing or declining.
    public struct Trend: Equatable {
        public var volatileCV = 1.5
        public var growthSlope = 0.05
        /// Active months (of 12) needed for a label; fewer: occasional.
        public var minActiveMonths = 4
    }

    public static let keys = [
        "as_of", "clv", "tiers", "churn_inactive_months", "response_window_days", "product_pair_min_orders", "trend",
        "churn_followup_months", "churn_p_alive_threshold", "churn_window_return_share", "rfm",
        "forecast", "market_min_customers", "contact_cap",
        "propensity",
    ]
    public static let forecastKeys = ["pool_months"]
    public static let trendKeys = ["volatile_cv", "growth_slope", "min_active_months"]
    public static let clvKeys = ["enabled", "model", "unit", "horizon_months", "discount_rate", "margin"]
    public static let tierKeys = ["top", "high", "mid"]

    public init() {}

    public init(yaml node: Node, reader: ConfigReader) throws {
        let values = try reader.mapping("analysis", node, known: Self.keys)
        if let node = values["as_of"] {
            let text = try reader.string("analysis.as_of", node)
            if text == "latest" {
                asOf = .latest
            } else if Self.isDay(text) {
                asOf = .date(text)
            } else {
                throw reader.error("analysis.as_of", node, "'\(text)' is neither 'latest' nor a date yyyy-mm-dd")
            }
        }
        if let node = values["clv"] { try readCLV(node, reader) }
        if let node = values["tiers"] { try readTiers(node, reader) }
        if let node = values["churn_inactive_months"] {
            churnInactiveMonths = try reader.int("analysis.churn_inactive_months", node, minimum: 1)
        }
        if let node = values["churn_followup_months"] {
            churnFollowupMonths = try reader.int("analysis.churn_followup_months", node, minimum: 1)
        }
        if let node = values["churn_p_alive_threshold"] {
            churnPAliveThreshold = try reader.double("analysis.churn_p_alive_threshold", node, in: 0...1)
            // P(alive) is never below 0 or at least 1 alike: neither bound separates customers.
            if churnPAliveThreshold == 0 || churnPAliveThreshold == 1 {
                throw reader.error("analysis.churn_p_alive_threshold", node, "must lie strictly between 0 and 1")
            }
        }
        if let node = values["churn_window_return_share"] {
            churnWindowReturnShare = try reader.double("analysis.churn_window_return_share", node, in: 0...1)
        }
        if let node = values["response_window_days"] {
            responseWindowDays = try reader.int("analysis.response_window_days", node, minimum: 1)
        }
        if let node = values["product_pair_min_orders"] {
            productPairMinOrders = try reader.int("analysis.product_pair_min_orders", node, minimum: 1)
        }
        if let node = values["market_min_customers"] {
            marketMinCustomers = try reader.int("analysis.market_min_customers", node, minimum: 1)
        }
        if let node = values["rfm"] { try readRFM(node, reader) }
        if let node = values["contact_cap"] { try readContactCap(node, reader) }
        if let node = values["propensity"] { try readPropensity(node, reader) }
        if let node = values["forecast"] {
            let values = try reader.mapping("analysis.forecast", node, known: Self.forecastKeys)
            if let node = values["pool_months"] {
                forecast.poolMonths = try reader.int("analysis.forecast.pool_months", node, minimum: 1)
                if forecast.poolMonths > 120 {
                    throw reader.error("analysis.forecast.pool_months", node, "must be at most 120")
                }
            }
        }
        if let node = values["trend"] {
            let values = try reader.mapping("analysis.trend", node, known: Self.trendKeys)
            if let node = values["volatile_cv"] { trend.volatileCV = try reader.double("analysis.trend.volatile_cv", node, in: 0...1000) }
            if let node = values["growth_slope"] { trend.growthSlope = try reader.double("analysis.trend.growth_slope", node, in: 0...1000) }
            if let node = values["min_active_months"] {
                trend.minActiveMonths = try reader.int("analysis.trend.min_active_months", node, minimum: 2)
                if trend.minActiveMonths > 12 {
                    throw reader.error("analysis.trend.min_active_months", node, "must be at most 12 (months of the trend window)")
                }
            }
        }
    }

    /// The marts' parameters: tier bands become the cumulative shares the
    /// marts rank against, added exactly (0.01 + 0.04 is 0.05, not 0.05000000000000001).
    public var martSettings: MartSettings {
        func exact(_ value: Double) -> ExactDecimal { ExactDecimal("\(value)") ?? .zero }
        let top = exact(tiers.top)
        let high = top.adding(exact(tiers.high)) ?? top
        let medium = high.adding(exact(tiers.mid)) ?? high
        var settings = MartSettings(
            tierTopShare: top.description, tierHighShare: high.description, tierMediumShare: medium.description,
            churnInactiveMonths: churnInactiveMonths, responseWindowDays: responseWindowDays,
            productPairMinOrders: productPairMinOrders, trendVolatileCV: "\(trend.volatileCV)",
            trendGrowthSlope: "\(trend.growthSlope)")
        settings.rfmFrequencyBands = rfm.frequencyBands
        settings.rfmNewCustomerDays = rfm.newCustomerDays
        settings.churnFollowupMonths = churnFollowupMonths
        settings.churnPAliveThreshold = "\(churnPAliveThreshold)"
        settings.churnWindowReturnShare = "\(churnWindowReturnShare)"
        settings.trendMinActiveMonths = trend.minActiveMonths
        settings.forecastPoolMonths = forecast.poolMonths
        settings.marketMinCustomers = marketMinCustomers
        settings.contactCapOptOutRate = "\(contactCap.optOutRate)"
        settings.contactCapMinCustomerMonths = contactCap.minCustomerMonths
        return settings
    }

    private mutating func readCLV(_ node: Node, _ reader: ConfigReader) throws {
        let values = try reader.mapping("analysis.clv", node, known: Self.clvKeys)
        if let node = values["enabled"] { clv.enabled = try reader.bool("analysis.clv.enabled", node) }
        if let node = values["model"] {
            let text = try reader.string("analysis.clv.model", node)
            guard let model = PurchaseModelKind(name: text) else {
                throw reader.error("analysis.clv.model", node, "'\(text)' is not one of bgnbd, mbgnbd, pareto-nbd")
            }
            clv.model = model
        }
        if let node = values["unit"] {
            let text = try reader.string("analysis.clv.unit", node)
            guard let unit = TimeUnit(rawValue: text) else {
                throw reader.error("analysis.clv.unit", node, "'\(text)' is not one of day, week, month")
            }
            clv.unit = unit
        }
        if let node = values["horizon_months"] { clv.horizonMonths = try reader.int("analysis.clv.horizon_months", node, minimum: 1) }
        if let node = values["discount_rate"] { clv.discountRate = try reader.double("analysis.clv.discount_rate", node, in: 0...1) }
        if let node = values["margin"] { clv.margin = try reader.double("analysis.clv.margin", node, in: 0...1) }
    }

    private mutating func readTiers(_ node: Node, _ reader: ConfigReader) throws {
        let values = try reader.mapping("analysis.tiers", node, known: Self.tierKeys)
        if let node = values["top"] { tiers.top = try reader.double("analysis.tiers.top", node, in: 0...1) }
        if let node = values["high"] { tiers.high = try reader.double("analysis.tiers.high", node, in: 0...1) }
        if let node = values["mid"] { tiers.mid = try reader.double("analysis.tiers.mid", node, in: 0...1) }
        if tiers.top + tiers.high + tiers.mid > 1 {
            throw reader.error("analysis.tiers", node, "top + high + mid must not exceed 1 (they are shares of all customers)")
        }
    }

    /// A real calendar day written `yyyy-mm-dd`.
    public static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1
        else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month)
        guard let date = calendar.date(from: components), let days = calendar.range(of: .day, in: .month, for: date) else { return false }
        return days.contains(day)
    }
}
