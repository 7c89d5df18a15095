/// Multi-start minimisation: Nelder–Mead from each start explores without
/// derivatives (robust far from the optimum, where the likelihood surface is flat
/// in some directions); the best simplex results are polished with BFGS, which
/// converges quickly and lets convergence be judged by the gradient.
///
/// With a cheaper `exploration` objective (the likelihood of a subsample of rows),
/// the simplex and first BFGS stages run on it, and a final BFGS pass on the full
/// objective starts from its optimum and inverse Hessian: a few full evaluations
/// instead of hundreds.
struct MultiStartMinimizer {
    /// Distinct rows above which model fits search on a subsample of this many rows.
    static let explorationRows = 1_000

    var starts: [[Double]]
    var simplexEvaluations = 120
    var refinedStarts = 2
    var bfgs = BFGS()

    func minimize(_ objective: Objective, exploringWith exploration: Objective? = nil) -> MinimizationResult {
        let explorer = exploration ?? objective
        var explored: [MinimizationResult] = starts.map {
            NelderMead(maxEvaluations: simplexEvaluations).minimize(explorer, from: $0)
        }
        var iterations = explored.reduce(0) { $0 + $1.iterations }
        var evaluations = explored.reduce(0) { $0 + $1.evaluations }
        explored.sort { $0.value < $1.value }
        var best: MinimizationResult?
        for candidate in explored.prefix(refinedStarts) {
            let refined = bfgs.minimize(explorer, from: candidate.point)
            iterations += refined.iterations
            evaluations += refined.evaluations
            guard let current = best else {
                best = refined
                continue
            }
            let better = refined.value < current.value - 1e-12
            let asGoodButConverged = refined.converged && !current.converged && refined.value <= current.value + 1e-12
            if better || asGoodButConverged { best = refined }
        }
        var result = best ?? explored[0]
        if exploration != nil {
            let polished = bfgs.minimize(objective, from: result.point, inverseHessian: result.inverseHessian)
            iterations += polished.iterations
            evaluations += polished.evaluations
            result = polished
        }
        result.iterations = iterations
        result.evaluations = evaluations
        return result
    }
}
