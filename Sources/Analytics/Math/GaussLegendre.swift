import Foundation

/// Gauss–Legendre quadrature nodes and weights on [−1, 1].
enum GaussLegendre {
    /// The 16-point rule (exact for polynomials of degree 31).
    static let sixteen: [(node: Double, weight: Double)] = rule(16)

    /// The n-point rule: Newton's method on Pₙ from the Chebyshev-like first guesses
    /// (Numerical Recipes, `gauleg`).
    static func rule(_ n: Int) -> [(node: Double, weight: Double)] {
        var result: [(node: Double, weight: Double)] = []
        for i in 1...n {
            var x = cos(Double.pi * (Double(i) - 0.25) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var p0 = 1.0
                var p1 = 0.0
                for j in 1...n {
                    let p2 = p1
                    p1 = p0
                    p0 = ((2 * Double(j) - 1) * x * p1 - (Double(j) - 1) * p2) / Double(j)
                }
                derivative = Double(n) * (x * p0 - p1) / (x * x - 1)
                let step = p0 / derivative
                x -= step
                if abs(step) < 1e-16 { break }
            }
            result.append((x, 2 / ((1 - x * x) * derivative * derivative)))
        }
        return result
    }
}
