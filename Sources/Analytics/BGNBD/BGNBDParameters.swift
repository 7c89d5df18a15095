/// Parameters of the BG/NBD model (Fader, Hardie & Lee 2005).
///
/// While active, a customer buys as a Poisson process with rate λ ~ Gamma(r, α);
/// after each purchase they drop out with probability p ~ Beta(a, b).
/// α is a time scale, so it carries `unit`: α = 4.4 weeks is 30.9 days.
public struct BGNBDParameters: Sendable, Hashable, Codable {
    public var r: Double
    public var alpha: Double
    public var a: Double
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

    var isFinitePositive: Bool {
        [r, alpha, a, b].allSatisfy { $0.isFinite && $0 > 0 }
    }
}
