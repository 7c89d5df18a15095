/// Rows of named numeric features, row-major in one contiguous buffer: the
/// input of ``LogisticRegression`` and of ``FeatureScaling``.
///
/// ```swift
/// var matrix = FeatureMatrix(names: ["log_orders", "p_alive"])
/// matrix.append([1.1, 0.8])
/// matrix.append([0.0, 0.3])
/// matrix[1, 0]   // 0.0
/// ```
public struct FeatureMatrix: Sendable, Hashable {
    public let names: [String]
    /// rows × columns values, row after row.
    public private(set) var values: [Double]
    /// Counted apart from the values: a matrix without columns still has rows.
    public private(set) var rows: Int

    /// `rows` is needed only without columns; otherwise it follows from the values.
    public init(names: [String], values: [Double] = [], rows: Int? = nil) {
        precondition(names.isEmpty ? values.isEmpty : values.count % names.count == 0, "values must fill whole rows")
        self.names = names
        self.values = values
        self.rows = names.isEmpty ? (rows ?? 0) : values.count / names.count
        precondition(rows == nil || rows == self.rows, "\(values.count) values do not make \(rows!) rows")
    }

    public var columns: Int { names.count }

    public subscript(row: Int, column: Int) -> Double {
        values[row * columns + column]
    }

    public mutating func reserveRows(_ count: Int) {
        values.reserveCapacity(count * columns)
    }

    /// Appends one row; `row` must have one value per column.
    public mutating func append(_ row: [Double]) {
        precondition(row.count == columns, "a row needs \(columns) values, got \(row.count)")
        values.append(contentsOf: row)
        rows += 1
    }

    /// Appends every row of `other`, whose columns must be the same.
    public mutating func append(rowsOf other: FeatureMatrix) {
        precondition(other.names == names, "the matrices' columns differ")
        values.append(contentsOf: other.values)
        rows += other.rows
    }

    /// Appends row `index` of `other`, whose columns must be the same.
    public mutating func append(row index: Int, of other: FeatureMatrix) {
        precondition(other.names == names, "the matrices' columns differ")
        values.append(contentsOf: other.values[(index * columns)..<((index + 1) * columns)])
        rows += 1
    }

    /// One row's values.
    public func row(_ index: Int) -> ArraySlice<Double> {
        values[(index * columns)..<((index + 1) * columns)]
    }

    /// The columns at `indices`, in that order.
    public func selecting(columns indices: [Int]) -> FeatureMatrix {
        var out = [Double]()
        out.reserveCapacity(rows * indices.count)
        for r in 0..<rows {
            let start = r * columns
            for c in indices { out.append(values[start + c]) }
        }
        return FeatureMatrix(names: indices.map { names[$0] }, values: out, rows: rows)
    }
}
