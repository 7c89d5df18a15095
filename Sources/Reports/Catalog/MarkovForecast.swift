/// A Markov chain over value tiers: the observed transition matrix between
/// two months, raised to the k-th power, moves today's tier mix k steps on.
public struct MarkovForecast: Sendable {
    /// Row-stochastic: `matrix[i][j]` is P(state j next | state i now).
    public let matrix: [[Double]]

    /// From transition counts; a state nobody started in stays put, so
    /// every row still sums to one.
    public init(counts: [[Int]]) {
        matrix = counts.enumerated().map { index, row in
            let total = row.reduce(0, +)
            guard total > 0 else { return row.indices.map { $0 == index ? 1 : 0 } }
            return row.map { Double($0) / Double(total) }
        }
    }

    public init(matrix: [[Double]]) {
        self.matrix = matrix
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

    /// The distribution after k steps from `mix` (shares or counts).
    public func forecast(_ mix: [Double], steps k: Int) -> [Double] {
        let transition = power(k)
        return transition.indices.map { j in mix.indices.reduce(0) { $0 + mix[$1] * transition[$1][j] } }
    }

    static func multiply(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        let size = a.count
        return (0..<size).map { i in
            (0..<size).map { j in (0..<size).reduce(0) { $0 + a[i][$1] * b[$1][j] } }
        }
    }
}
