/// The purchase-count models a CLV can be built on.
public enum PurchaseModelKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// BG/NBD (Fader, Hardie & Lee 2005): dropout only after a repeat purchase, so a
    /// customer without one is certainly alive.
    case bgnbd
    /// MBG/NBD (Batislam, Denizel & Filiztekin 2007): dropout also right after the
    /// first purchase, so P(alive) of a one-time buyer falls with the time since.
    case mbgnbd

    /// The model's name as the papers write it.
    public var displayName: String {
        switch self {
        case .bgnbd: return "BG/NBD"
        case .mbgnbd: return "MBG/NBD"
        }
    }
}

/// What CLV, scoring and the holdout check need from a fitted purchase model.
///
/// Both models share one property the scoring relies on: the conditional expectation
/// factors as E[Y(t) | x, tₓ, T] = P(alive | x, tₓ, T) · E[Y(t) | alive, x, T], the
/// second factor independent of tₓ.
public protocol PurchaseModel: Sendable, Hashable, Codable {
    /// Which model these parameters belong to.
    var kind: PurchaseModelKind { get }
    /// The unit of α and of every time passed to the predictions.
    var unit: TimeUnit { get }
    /// The parameters under the names the model's paper (and lifetimes) gives them.
    var namedParameters: [(name: String, value: Double)] { get }
    /// P(alive | x, tₓ, T), times in `unit`.
    func probabilityAlive(frequency: Int, recency: Double, T: Double) -> Double
    /// E[Y(t) | x, tₓ, T]: expected repeat purchases in the next `t` units.
    func expectedPurchases(t: Double, frequency: Int, recency: Double, T: Double) -> Double
    /// E[X(t)]: expected repeat purchases in `t` units of a new customer.
    func populationExpectedPurchases(t: Double) -> Double
    /// E[Y(t) | x, tₓ, T] / P(alive | x, tₓ, T) at several horizons `times`: the
    /// expected purchases of a customer known to be alive, which depend on x and T only.
    func expectedPurchasesIfAlive(at times: [Double], frequency: Int, T: Double) -> [Double]
}
