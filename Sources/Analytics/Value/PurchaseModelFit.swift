/// A fitted purchase model (BG/NBD, MBG/NBD or Pareto/NBD): the maximum-likelihood parameters
/// and how the fit went. ``BGNBDFit``, ``MBGNBDFit`` and ``ParetoNBDFit`` name its three forms.
public struct PurchaseModelFit<Parameters: PurchaseModel>: Sendable, Hashable, Codable {
    /// The maximum-likelihood (or penalised) estimates, with their time unit.
    public var parameters: Parameters
    /// Σ ln L over customers at the fitted parameters, in `unit` (without the penalty).
    public var logLikelihood: Double
    /// The minimised objective in lifetimes' convention: −(Σ ln L)/N + penalizer · Σ θ²,
    /// computed on times rescaled so the largest T is 1 (see ``BGNBDModel``).
    public var objective: Double
    /// The L2 penalty coefficient the fit used (0: plain maximum likelihood).
    public var penalizer: Double
    /// Simplex iterations plus quasi-Newton iterations.
    public var iterations: Int
    /// Objective evaluations of every stage, on the subsample and on all rows.
    public var functionEvaluations: Int
    /// True when the final gradient of the objective is below tolerance and no
    /// parameter ran off towards 0 or infinity.
    public var converged: Bool
    /// Largest absolute gradient component of the objective, per log-parameter.
    public var gradientNorm: Double
    /// Customers the model was fitted on.
    public var customers: Int
    /// Distinct (frequency, recency, T) rows the likelihood was evaluated on.
    public var distinctRows: Int

    public init(
        parameters: Parameters, logLikelihood: Double, objective: Double, penalizer: Double, iterations: Int,
        functionEvaluations: Int, converged: Bool, gradientNorm: Double, customers: Int, distinctRows: Int
    ) {
        self.parameters = parameters
        self.logLikelihood = logLikelihood
        self.objective = objective
        self.penalizer = penalizer
        self.iterations = iterations
        self.functionEvaluations = functionEvaluations
        self.converged = converged
        self.gradientNorm = gradientNorm
        self.customers = customers
        self.distinctRows = distinctRows
    }

    /// The unit of α and of every time passed to the predictions.
    public var unit: TimeUnit { parameters.unit }

    /// P(alive | x, tₓ, T) under the fitted model.
    public func probabilityAlive(frequency: Int, recency: Double, T: Double) -> Double {
        parameters.probabilityAlive(frequency: frequency, recency: recency, T: T)
    }

    /// Expected repeat purchases in the next `t` units (`unit`) given the history.
    public func expectedPurchases(t: Double, frequency: Int, recency: Double, T: Double) -> Double {
        parameters.expectedPurchases(t: t, frequency: frequency, recency: recency, T: T)
    }

    /// Expected repeat purchases in `t` units (`unit`) of a new customer.
    public func populationExpectedPurchases(t: Double) -> Double {
        parameters.populationExpectedPurchases(t: t)
    }
}
