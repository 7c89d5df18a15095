/// Parameters of the MBG/NBD model (Batislam, Denizel & Filiztekin 2007, "Empirical
/// validation and comparison of models for customer base analysis"; lifetimes'
/// `ModifiedBetaGeoFitter`).
///
/// As BG/NBD: while active, a customer buys as a Poisson process with rate
/// λ ~ Gamma(r, α), and drops out with probability p ~ Beta(a, b) at each purchase.
/// The modification: that chance of dropping out also comes right after the first
/// purchase (time 0), not only after repeat purchases. So a one-time buyer is no
/// longer certainly alive: their P(alive) falls as time passes without a second purchase.
/// α is a time scale and carries `unit`, as in ``BGNBDParameters``.
public struct MBGNBDParameters: PurchaseModel {
    /// Shape of the Gamma distribution of purchase rates λ.
    public var r: Double
    /// Rate (a time scale, in `unit`) of the Gamma distribution of purchase rates λ.
    public var alpha: Double
    /// First shape parameter of the Beta distribution of dropout probabilities p.
    public var a: Double
    /// Second shape parameter of the Beta distribution of dropout probabilities p.
    public var b: Double
    /// The unit of `alpha` and of every recency, T and horizon used with these parameters.
    public var unit: TimeUnit

    public init(r: Double, alpha: Double, a: Double, b: Double, unit: TimeUnit) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
        self.unit = unit
    }

    /// The same model with time measured in `target` units (only α changes).
    public func converted(to target: TimeUnit) -> MBGNBDParameters {
        MBGNBDParameters(r: r, alpha: TimeSpan(alpha, unit).value(in: target), a: a, b: b, unit: target)
    }

    public var kind: PurchaseModelKind { .mbgnbd }

    public var namedParameters: [(name: String, value: Double)] {
        [("r", r), ("alpha", alpha), ("a", a), ("b", b)]
    }

    var isFinitePositive: Bool {
        [r, alpha, a, b].allSatisfy { $0.isFinite && $0 > 0 }
    }
}

extension MBGNBDParameters: BetaGeometricModel {
    static var modelKind: PurchaseModelKind { .mbgnbd }
}
