/// Sums over one group (contacted or held out) of a campaign's customers in
/// one cell: all the estimators need. Orders and revenue are those of the
/// response window from the start; responders have a responded interaction.
public struct GroupSums: Sendable, Equatable {
    public var customers: Double
    public var responders: Double
    public var orders: Double
    public var ordersSquared: Double
    public var revenue: Double
    public var revenueSquared: Double

    public init(
        customers: Double, responders: Double, orders: Double = 0, ordersSquared: Double = 0, revenue: Double = 0,
        revenueSquared: Double = 0
    ) {
        self.customers = customers
        self.responders = responders
        self.orders = orders
        self.ordersSquared = ordersSquared
        self.revenue = revenue
        self.revenueSquared = revenueSquared
    }

    public static let zero = GroupSums(customers: 0, responders: 0)

    public static func + (a: GroupSums, b: GroupSums) -> GroupSums {
        GroupSums(
            customers: a.customers + b.customers, responders: a.responders + b.responders, orders: a.orders + b.orders,
            ordersSquared: a.ordersSquared + b.ordersSquared, revenue: a.revenue + b.revenue,
            revenueSquared: a.revenueSquared + b.revenueSquared)
    }

    /// The per-customer sum and sum of squares of a measure.
    func sums(_ measure: UpliftMeasure) -> (sum: Double, squares: Double) {
        switch measure {
        case .orders: return (orders, ordersSquared)
        case .revenue: return (revenue, revenueSquared)
        }
    }

    /// Mean and sample variance (n − 1) per customer; nil below 2 customers.
    func moments(_ measure: UpliftMeasure) -> (mean: Double, variance: Double)? {
        guard customers >= 2 else { return nil }
        let (sum, squares) = sums(measure)
        let mean = sum / customers
        return (mean, max(0, (squares - sum * mean) / (customers - 1)))
    }
}

/// What contact changes per customer, measured treatment − control.
public enum UpliftMeasure: String, Sendable, CaseIterable {
    case orders, revenue
}

/// One past campaign's customers in one cell (their RFM segment or value
/// tier the day before the start): both groups' sums.
public struct CampaignCellHistory: Sendable, Equatable {
    public var campaignCode: String
    /// yyyy-mm-dd.
    public var startDate: String
    /// Last day of the response window (start + window − 1), yyyy-mm-dd.
    public var windowEndDate: String
    public var channel: String
    public var campaignType: String
    public var cell: String
    public var treatment: GroupSums
    public var control: GroupSums

    public init(
        campaignCode: String, startDate: String, windowEndDate: String, channel: String, campaignType: String,
        cell: String, treatment: GroupSums, control: GroupSums
    ) {
        self.campaignCode = campaignCode
        self.startDate = startDate
        self.windowEndDate = windowEndDate
        self.channel = channel
        self.campaignType = campaignType
        self.cell = cell
        self.treatment = treatment
        self.control = control
    }
}

/// One campaign's customers within a node of the cell tree (its cells
/// there merged): the unit whose variation between campaigns the model
/// measures.
struct CampaignUnit: Sendable {
    var campaignCode: String
    var treatment: GroupSums
    var control: GroupSums

    /// The treatment − control difference of the measure's mean, its
    /// sampling variance s_t²/n_t + s_c²/n_c, and the weight n_t n_c /
    /// (n_t + n_c); nil unless both groups have 2 customers or more.
    func uplift(_ measure: UpliftMeasure) -> (difference: Double, variance: Double, weight: Double)? {
        guard let t = treatment.moments(measure), let c = control.moments(measure) else { return nil }
        let nt = treatment.customers, nc = control.customers
        return (t.mean - c.mean, t.variance / nt + c.variance / nc, nt * nc / (nt + nc))
    }
}
