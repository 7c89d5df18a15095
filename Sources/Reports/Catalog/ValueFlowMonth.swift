/// One snapshot month as the tier forecast sees it: where every customer
/// who has ordered by then stands, and how they moved from the month before.
///
/// A customer's recency state is the number of whole months since the
/// month of their last order: 0 (ordered this month) … 11 are the customers
/// in the month's snapshot (an order in the trailing 12 months), ranked into
/// tiers; 12 or more is lapsed.
public struct ValueFlowMonth: Sendable, Equatable {
    public static let recencyStates = 12
    /// top, high, medium, low, lapsed.
    public static let tiers = ["top", "high", "medium", "low", "lapsed"]
    static let lapsed = 4

    /// First day of the month, yyyy-mm-dd.
    public var month: String
    /// Customers in each recency state 0 … 11 at the month's end.
    public var recency = Array(repeating: 0, count: recencyStates)
    /// Customers per tier (top, high, medium, low, lapsed) at the month's end.
    public var tierCounts = Array(repeating: 0, count: tiers.count)
    /// Customers whose first order was in the month.
    public var newCustomers = 0
    /// Whether the flows below were observed (false for the first month read).
    public var hasFlows = false
    /// Of the customers in recency state s last month, those who ordered this month.
    public var orderedFrom = Array(repeating: 0, count: recencyStates)
    /// Customers lapsed last month who ordered this month.
    public var reactivated = 0
    /// Tier last month → tier this month (lapsed included), the month's new customers apart.
    public var tierMoves = Array(repeating: Array(repeating: 0, count: tiers.count), count: tiers.count)
    /// The tiers the month's new customers start in.
    public var newTiers = Array(repeating: 0, count: tiers.count)

    public init(month: String) {
        self.month = month
    }

    /// Customers in the snapshot (ordered in the trailing 12 months).
    public var active: Int { recency.reduce(0, +) }
    /// Customers who have ordered by the month's end.
    public var base: Int { active + lapsed }
    public var lapsed: Int { tierCounts[Self.lapsed] }
}
