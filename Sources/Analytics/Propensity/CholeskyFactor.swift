/// The Cholesky factor L (A = L Lᵀ) of a small symmetric positive definite
/// matrix, to solve A x = b: the Newton step of ``LogisticRegression``.
struct CholeskyFactor {
    let order: Int
    /// Lower triangle, row-major order × order.
    private var lower: [Double]

    /// Factors the symmetric matrix whose upper triangle `symmetric` holds
    /// (row-major, order × order); nil when it is not positive definite.
    init?(symmetric: [Double], order: Int) {
        self.order = order
        var l = [Double](repeating: 0, count: order * order)
        for j in 0..<order {
            var diagonal = symmetric[j * order + j]
            for k in 0..<j { diagonal -= l[j * order + k] * l[j * order + k] }
            // Relative to the diagonal it started from: a pivot lost to
            // rounding means the matrix is singular in working precision.
            guard diagonal > 1e-13 * max(abs(symmetric[j * order + j]), 1e-300), diagonal.isFinite else { return nil }
            let pivot = diagonal.squareRoot()
            l[j * order + j] = pivot
            for i in (j + 1)..<order {
                var value = symmetric[j * order + i]  // A[i][j] = A[j][i], from the upper triangle
                for k in 0..<j { value -= l[i * order + k] * l[j * order + k] }
                l[i * order + j] = value / pivot
            }
        }
        lower = l
    }

    /// x with A x = b.
    func solve(_ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<order {
            var value = y[i]
            for k in 0..<i { value -= lower[i * order + k] * y[k] }
            y[i] = value / lower[i * order + i]
        }
        for i in stride(from: order - 1, through: 0, by: -1) {
            var value = y[i]
            for k in (i + 1)..<order { value -= lower[k * order + i] * y[k] }
            y[i] = value / lower[i * order + i]
        }
        return y
    }
}
