/// Parameters of the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987; Fader &
/// Hardie's note 009; lifetimes' `ParetoNBDFitter`).
///
/// While active, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); their
/// lifetime is exponential with rate μ ~ Gamma(s, β), so dropout can happen at any
/// moment, not only at a purchase (BG/NBD). α and β are time scales and carry `unit`.
public struct ParetoNBDParameters: PurchaseModel {
    /// Shape of the Gamma distribution of purchase rates λ.
    public var r: Double
    /// Rate (a time scale, in `unit`) of the Gamma distribution of purchase rates λ.
    public var alpha: Double
    /// Shape of the Gamma distribution of dropout rates μ.
    public var s: Double
    /// Rate (a time scale, in `unit`) of the Gamma distribution of dropout rates μ.
    public var beta: Double
    /// The unit of `alpha`, `beta` and of every recency, T and horizon used with these parameters.
    public var unit: TimeUnit

    public init(r: Double, alpha: Double, s: Double, beta: Double, unit: TimeUnit) {
        self.r = r
        self.alpha = alpha
        self.s = s
        self.beta = beta
        self.unit = unit
    }

    /// The same model with time measured in `target` units (α and β scale, r and s do not).
    public func converted(to target: TimeUnit) -> ParetoNBDParameters {
        ParetoNBDParameters(
            r: r, alpha: TimeSpan(alpha, unit).value(in: target), s: s, beta: TimeSpan(beta, unit).value(in: target),
            unit: target)
    }

    public var kind: PurchaseModelKind { .paretonbd }

    public var namedParameters: [(name: String, value: Double)] {
        [("r", r), ("alpha", alpha), ("s", s), ("beta", beta)]
    }

    var isFinitePositive: Bool {
        [r, alpha, s, beta].allSatisfy { $0.isFinite && $0 > 0 }
    }
}
