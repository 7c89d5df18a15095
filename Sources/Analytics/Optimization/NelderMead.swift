/// The Nelder–Mead downhill simplex (Nelder & Mead 1965, with the standard
/// reflection 1, expansion 2, contraction ½, shrink ½ coefficients).
struct NelderMead {
    var maxEvaluations = 300
    /// Initial simplex edge, in the optimiser's coordinates (log-parameters).
    var step = 0.5
    /// Stop once the simplex values agree to this absolute tolerance.
    var valueTolerance = 1e-10

    func minimize(_ objective: Objective, from start: [Double]) -> MinimizationResult {
        let n = start.count
        var evaluations = 0
        func f(_ x: [Double]) -> Double {
            evaluations += 1
            return objective.value(x)
        }
        var simplex: [[Double]] = [start]
        for i in 0..<n {
            var vertex = start
            vertex[i] += step
            simplex.append(vertex)
        }
        var values = simplex.map(f)
        var iterations = 0
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if values[n] - values[0] <= valueTolerance && values[0].isFinite { break }
            iterations += 1

            var centroid = [Double](repeating: 0, count: n)
            for vertex in simplex.dropLast() {
                for j in 0..<n { centroid[j] += vertex[j] / Double(n) }
            }
            func along(_ t: Double) -> [Double] {
                (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) }
            }
            let reflected = along(-1)
            let fr = f(reflected)
            if fr < values[0] {
                let expanded = along(-2)
                let fe = f(expanded)
                (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr)
            } else if fr < values[n - 1] {
                (simplex[n], values[n]) = (reflected, fr)
            } else {
                let outside = fr < values[n]
                let contracted = along(outside ? -0.5 : 0.5)
                let fc = f(contracted)
                if fc < (outside ? fr : values[n]) {
                    (simplex[n], values[n]) = (contracted, fc)
                } else {
                    for i in 1...n {
                        simplex[i] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[i][$0] - simplex[0][$0]) }
                        values[i] = f(simplex[i])
                    }
                }
            }
        }
        let bestIndex = values.indices.min { values[$0] < values[$1] }!
        return MinimizationResult(
            point: simplex[bestIndex], value: values[bestIndex], gradient: [],
            iterations: iterations, evaluations: evaluations, converged: false)
    }
}
