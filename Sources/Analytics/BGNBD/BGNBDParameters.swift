/// Parameters of the BG/NBD model (Fader, Hardie & Lee 2005).
///
/// While active, a customer buys as a Poisson process with rate λ ~ Gamma(r, α);
/// after each purchase they drop out with probability p ~ Beta(a, b).
/// α is a time scale, so it carries `unit`: α = 4.4 weeks is 30.9 days.
public struct BGNBDParameters: PurchaseModel {
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

    /// The same model with time measured in `target` units (only α changes: the rate
    /// λ per unit scales, and α is its Gamma rate parameter).
    public func converted(to target: TimeUnit) -> BGNBDParameters {
        BGNBDParameters(r: r, alpha: TimeSpan(alpha, unit).value(in: target), a: a, b: b, unit: target)
    }

    public var kind: PurchaseModelKind { .bgnbd }

    public var namedParameters: [(name: String, value: Double)] {
        [("r", r), ("alpha", alpha), ("a", a), ("b", b)]
    }

    var isFinitePositive: Bool {
        [r, alpha, a, b].allSatisfy { $0.isFinite && $0 > 0 }
    }
}
