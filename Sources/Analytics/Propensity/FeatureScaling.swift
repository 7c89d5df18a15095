/// Standardisation of features: z = (x − mean) / sd, with the mean and the
/// population standard deviation (divided by n, not n − 1) of the training
/// rows. The penalty of ``LogisticRegression`` then weighs every feature
/// alike, whatever its unit. The same scaling is applied to the rows scored.
public struct FeatureScaling: Sendable, Hashable, Codable {
    public var names: [String]
    public var means: [Double]
    public var standardDeviations: [Double]

    public init(names: [String], means: [Double], standardDeviations: [Double]) {
        precondition(names.count == means.count && means.count == standardDeviations.count)
        self.names = names
        self.means = means
        self.standardDeviations = standardDeviations
    }

    /// The means and standard deviations of `matrix`'s columns (two passes, so
    /// the deviations do not lose digits to a large mean).
    public init(fitting matrix: FeatureMatrix) {
        let n = matrix.rows, p = matrix.columns
        var means = [Double](repeating: 0, count: p)
        var squares = [Double](repeating: 0, count: p)
        matrix.values.withUnsafeBufferPointer { x in
            for r in 0..<n {
                for c in 0..<p { means[c] += x[r * p + c] }
            }
            for c in 0..<p { means[c] /= Double(max(n, 1)) }
            for r in 0..<n {
                for c in 0..<p {
                    let d = x[r * p + c] - means[c]
                    squares[c] += d * d
                }
            }
        }
        self.init(
            names: matrix.names, means: means,
            standardDeviations: squares.map { ($0 / Double(max(n, 1))).squareRoot() })
    }

    /// Columns that do not vary (sd 0, or below 1e-12 of their magnitude):
    /// standardising them would divide by zero, and they tell nothing apart.
    public var constantColumns: [Int] {
        names.indices.filter { standardDeviations[$0] <= 1e-12 * max(1, abs(means[$0])) }
    }

    /// The columns `columns` of `matrix` (this scaling's features, in its
    /// order) standardised, in one copy.
    public func standardized(_ matrix: FeatureMatrix, columns: [Int]) -> FeatureMatrix {
        precondition(columns.map { matrix.names[$0] } == names, "the columns are not the scaling's")
        let p = names.count, width = matrix.columns
        var values = [Double](repeating: 0, count: matrix.rows * p)
        matrix.values.withUnsafeBufferPointer { x in
            values.withUnsafeMutableBufferPointer { out in
                for r in 0..<matrix.rows {
                    for (k, c) in columns.enumerated() {
                        out[r * p + k] = (x[r * width + c] - means[k]) / standardDeviations[k]
                    }
                }
            }
        }
        return FeatureMatrix(names: names, values: values, rows: matrix.rows)
    }

    /// `matrix` standardised; its columns must be this scaling's.
    public func standardized(_ matrix: FeatureMatrix) -> FeatureMatrix {
        precondition(matrix.names == names, "the matrix's columns are not the scaling's")
        let p = names.count
        var values = matrix.values
        values.withUnsafeMutableBufferPointer { x in
            for r in 0..<matrix.rows {
                for c in 0..<p { x[r * p + c] = (x[r * p + c] - means[c]) / standardDeviations[c] }
            }
        }
        return FeatureMatrix(names: names, values: values, rows: matrix.rows)
    }
}
