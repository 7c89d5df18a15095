/// A Markov chain with arrivals: each step, the counts x move by the
/// transition matrix and new members enter,
///
///     x(t + 1) = x(t) · P + e,
///
/// where `P` is row-stochastic and `e` the arrivals per step in each state.
/// Without arrivals, k steps are x · Pᵏ.
public struct MarkovForecast: Sendable {
    /// Row-stochastic: `matrix[i][j]` is P(state j next | state i now).
    public let matrix: [[Double]]
    /// Members entering each state per step (zero: a closed population).
    public let entries: [Double]

    /// From transition counts; a state nobody started in stays put, so
    /// every row still sums to one.
    public init(counts: [[Int]], entries: [Double]? = nil) {
        matrix = counts.enumerated().map { index, row in
            let total = row.reduce(0, +)
            guard total > 0 else { return row.indices.map { $0 == index ? 1 : 0 } }
            return row.map { Double($0) / Double(total) }
        }
        self.entries = entries ?? Array(repeating: 0, count: counts.count)
    }

    public init(matrix: [[Double]], entries: [Double]? = nil) {
        self.matrix = matrix
        self.entries = entries ?? Array(repeating: 0, count: matrix.count)
    }

    /// matrix^k by repeated squaring; k = 0 gives the identity.
    public func power(_ k: Int) -> [[Double]] {
        let size = matrix.count
        var result = (0..<size).map { i in (0..<size).map { $0 == i ? 1.0 : 0.0 } }
        var base = matrix
        var exponent = k
        while exponent > 0 {
            if exponent & 1 == 1 { result = Self.multiply(result, base) }
            base = Self.multiply(base, base)
            exponent >>= 1
        }
        return result
    }

    /// One step from `counts`.
    public func step(_ counts: [Double]) -> [Double] {
        matrix.indices.map { j in counts.indices.reduce(entries[j]) { $0 + counts[$1] * matrix[$1][j] } }
    }

    /// The counts after k steps from `mix` (shares or counts; arrivals are
    /// counts, so give counts when there are arrivals).
    public func forecast(_ mix: [Double], steps k: Int) -> [Double] {
        (0..<k).reduce(mix) { counts, _ in step(counts) }
    }

    static func multiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        let size = a.count
        return (0..<size).map { i in
            (0..<size).map { j in (0..<size).reduce(0) { $0 + a[i][$1] * b[$1][j] } }
        }
    }
}
