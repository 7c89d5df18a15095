/// Sums over one group (contacted or held out) of a campaign's customers in
/// one cell: all the estimators need. Orders and revenue (y) are those of
/// the response window from the start, the pre-period's (x) those of as
/// many days before it; responders have a responded interaction.
public struct GroupSums: Sendable, Equatable {
    /// Σ y, Σ y², Σ x, Σ x², Σ xy of one measure over the group's customers.
    public struct Measure: Sendable, Equatable {
        public var sum: Double
        public var squares: Double
        public var preSum: Double
        public var preSquares: Double
        public var cross: Double

        public init(sum: Double = 0, squares: Double = 0, preSum: Double = 0, preSquares: Double = 0, cross: Double = 0) {
            self.sum = sum
            self.squares = squares
            self.preSum = preSum
            self.preSquares = preSquares
            self.cross = cross
        }

        public static let zero = Measure()

        public static func + (a: Measure, b: Measure) -> Measure {
            Measure(sum: a.sum + b.sum, squares: a.squares + b.squares, preSum: a.preSum + b.preSum,
                    preSquares: a.preSquares + b.preSquares, cross: a.cross + b.cross)
        }
    }

    public var customers: Double
    public var responders: Double
    public var orders: Measure
    public var revenue: Measure

    public init(customers: Double, responders: Double, orders: Measure = .zero, revenue: Measure = .zero) {
        self.customers = customers
        self.responders = responders
        self.orders = orders
        self.revenue = revenue
    }

    public static let zero = GroupSums(customers: 0, responders: 0)

    public static func + (a: GroupSums, b: GroupSums) -> GroupSums {
        GroupSums(
            customers: a.customers + b.customers, responders: a.responders + b.responders, orders: a.orders + b.orders,
            revenue: a.revenue + b.revenue)
    }

    func measure(_ measure: UpliftMeasure) -> Measure {
        switch measure {
        case .orders: return orders
        case .revenue: return revenue
        }
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

    /// The treatment − control difference of the measure's mean adjusted
    /// for the pre-period (CUPED, Deng et al. 2013): d = (ȳ_t − ȳ_c) −
    /// θ (x̄_t − x̄_c) with θ = S_xy / S_xx pooled within the two groups; its
    /// sampling variance s_t²/n_t + s_c²/n_c of z = y − θx in each group; and
    /// the weight n_t n_c / (n_t + n_c). The groups are drawn at random, so
    /// x is balanced and d estimates the uplift; the customers' own spending
    /// level leaves its variance. nil unless both groups have 2 customers or more.
    func uplift(_ measure: UpliftMeasure) -> (difference: Double, variance: Double, weight: Double)? {
        let nt = treatment.customers, nc = control.customers
        guard nt >= 2, nc >= 2 else { return nil }
        let t = treatment.measure(measure), c = control.measure(measure)
        func centred(_ g: GroupSums.Measure, _ n: Double) -> (xx: Double, xy: Double) {
            (g.preSquares - g.preSum * g.preSum / n, g.cross - g.preSum * g.sum / n)
        }
        let (xxT, xyT) = centred(t, nt), (xxC, xyC) = centred(c, nc)
        let theta = xxT + xxC > 0 ? (xyT + xyC) / (xxT + xxC) : 0
        func variance(_ g: GroupSums.Measure, _ n: Double) -> Double {
            // Σ z = Σy − θΣx, Σ z² = Σy² − 2θΣxy + θ²Σx².
            let sum = g.sum - theta * g.preSum
            let squares = g.squares - 2 * theta * g.cross + theta * theta * g.preSquares
            return max(0, (squares - sum * sum / n) / (n - 1))
        }
        let difference = (t.sum / nt - c.sum / nc) - theta * (t.preSum / nt - c.preSum / nc)
        return (difference, variance(t, nt) / nt + variance(c, nc) / nc, nt * nc / (nt + nc))
    }
}
