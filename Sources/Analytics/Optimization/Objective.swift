/// A smooth function to minimise, with its gradient.
///
/// The model fits minimise over log-parameters, so the domain is all of ℝⁿ; a
/// non-finite value means "outside where the model is defined" and is treated as +∞.
struct Objective {
    var dimension: Int
    var valueAndGradient: ([Double]) -> (value: Double, gradient: [Double])
    /// The value alone, for derivative-free stages, when it is cheaper than with the gradient.
    var valueOnly: (([Double]) -> Double)? = nil

    func value(_ x: [Double]) -> Double {
        let v = valueOnly?(x) ?? valueAndGradient(x).value
        return v.isFinite ? v : .infinity
    }
}

/// Where a minimisation ended and how it got there.
struct MinimizationResult {
    var point: [Double]
    var value: Double
    var gradient: [Double]
    /// Iterations of every stage together (simplex moves plus quasi-Newton steps).
    var iterations: Int
    var evaluations: Int
    /// True when the final point satisfies the gradient tolerance.
    var converged: Bool
    /// BFGS's final inverse-Hessian approximation.
    var inverseHessian: [[Double]]? = nil

    var gradientNorm: Double { gradient.map(abs).max() ?? 0 }
}
