/// The purchase-count models a CLV can be built on.
public enum PurchaseModelKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// BG/NBD (Fader, Hardie & Lee 2005): dropout only after a repeat purchase, so a
    /// customer without one is certainly alive.
    case bgnbd
    /// MBG/NBD (Batislam, Denizel & Filiztekin 2007): dropout also right after the
    /// first purchase, so P(alive) of a one-time buyer falls with the time since.
    case mbgnbd
    /// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): a lifetime of exponential
    /// length, so dropout can happen at any moment, not only at a purchase.
    case paretonbd

    /// The model's name as the papers write it.
    public var displayName: String {
        switch self {
        case .bgnbd: return "BG/NBD"
        case .mbgnbd: return "MBG/NBD"
        case .paretonbd: return "Pareto/NBD"
        }
    }

    /// The kind named `text`: the raw value (`bgnbd`) or the papers' name written in
    /// lower case with a hyphen or slash (`bg-nbd`, `bg/nbd`), case-insensitive.
    public init?(name text: String) {
        let key = text.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "/", with: "")
        guard let kind = PurchaseModelKind(rawValue: key) else { return nil }
        self = kind
    }
}

/// What CLV, scoring, the holdout check and model comparison need from a fitted
/// purchase model.
///
/// Every model shares one property the scoring relies on: the conditional expectation
/// factors as E[Y(t) | x, tₓ, T] = P(alive | x, tₓ, T) · E[Y(t) | alive, x, T], the
/// second factor independent of tₓ.
public protocol PurchaseModel: Sendable, Hashable, Codable {
    /// Which model these parameters belong to.
    var kind: PurchaseModelKind { get }
    /// The unit of α (and β) and of every time passed to the predictions.
    var unit: TimeUnit { get }
    /// The parameters under the names the model's paper (and lifetimes) gives them.
    var namedParameters: [(name: String, value: Double)] { get }
    /// ln L(x, tₓ, T): one customer's log-likelihood, times in `unit` (the density of
    /// the purchase times, so it changes by −x ln c when time is rescaled by c).
    func logLikelihood(frequency: Int, recency: Double, T: Double) -> Double
    /// P(alive | x, tₓ, T), times in `unit`.
    func probabilityAlive(frequency: Int, recency: Double, T: Double) -> Double
    /// E[Y(t) | x, tₓ, T]: expected repeat purchases in the next `t` units.
    func expectedPurchases(t: Double, frequency: Int, recency: Double, T: Double) -> Double
    /// E[X(t)]: expected repeat purchases in `t` units of a new customer.
    func populationExpectedPurchases(t: Double) -> Double
    /// P(X(t) = n): the probability that a new customer makes exactly `n` repeat
    /// purchases in their first `t` units.
    func probabilityOfPurchases(_ n: Int, t: Double) -> Double
    /// P(Y(t) = n | x, tₓ, T): the probability that a customer with this history makes
    /// exactly `n` repeat purchases in the next `t` units. A customer who has left makes
    /// none; one alive at T buys like a new customer of the model updated by the history.
    func conditionalProbabilityOfPurchases(_ n: Int, t: Double, frequency: Int, recency: Double, T: Double) -> Double
    /// E[Y(t) | x, tₓ, T] / P(alive | x, tₓ, T) at several horizons `times`: the
    /// expected purchases of a customer known to be alive, which depend on x and T only.
    func expectedPurchasesIfAlive(at times: [Double], frequency: Int, T: Double) -> [Double]
}

extension PurchaseModel {
    /// Σ ln L over the rows of `summary` (converted to `unit`).
    public func logLikelihood(_ summary: RFMSummary) -> Double {
        summary.converted(to: unit).rows.reduce(0) {
            $0 + logLikelihood(frequency: $1.frequency, recency: $1.recency, T: $1.T)
        }
    }
}
