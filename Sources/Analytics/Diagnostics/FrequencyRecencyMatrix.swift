/// A model's P(alive) or expected purchases over a grid of frequency × recency for a
/// customer observed for `T` (lifetimes' `plot_frequency_recency_matrix` and
/// `plot_probability_alive_matrix`, which take T = the longest observation).
public struct FrequencyRecencyMatrix: Sendable, Hashable {
    /// Repeat purchases of each row.
    public var frequencies: [Int]
    /// Time from first to last purchase of each column, in the model's unit.
    public var recencies: [Double]
    /// The observation time every cell assumes.
    public var T: Double
    /// values[row][column]; nil where the history is impossible (no repeat purchase but a recency above 0).
    public var values: [[Double?]]

    public enum Measure: Sendable {
        case probabilityAlive
        /// E[Y(t) | x, tₓ, T] for the next `t` units.
        case expectedPurchases(t: Double)
    }

    public static func compute(
        _ model: any PurchaseModel, _ measure: Measure, frequencies: [Int], recencies: [Double], T: Double
    ) -> FrequencyRecencyMatrix {
        let values: [[Double?]] = frequencies.map { x in
            recencies.map { recency -> Double? in
                if x == 0 && recency > 0 || recency > T { return nil }
                switch measure {
                case .probabilityAlive: return model.probabilityAlive(frequency: x, recency: recency, T: T)
                case .expectedPurchases(let t):
                    return model.expectedPurchases(t: t, frequency: x, recency: recency, T: T)
                }
            }
        }
        return FrequencyRecencyMatrix(frequencies: frequencies, recencies: recencies, T: T, values: values)
    }
}
