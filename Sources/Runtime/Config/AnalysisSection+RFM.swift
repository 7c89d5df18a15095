import Yams

extension AnalysisSection {
    /// How RFM scores frequency and who counts as new: business thresholds,
    /// so customers with the same number of orders share one F score.
    public struct RFM: Equatable {
        /// Lowest order counts of F scores 2, 3, 4 and 5 (F 1 below the first).
        public var frequencyBands = [2, 3, 5, 10]
        /// A one-order customer whose order is at most this many days old is "new".
        public var newCustomerDays = 90
    }

    static let rfmKeys = ["frequency_bands", "new_customer_days"]

    mutating func readRFM(_ node: Node, _ reader: ConfigReader) throws {
        let values = try reader.mapping("analysis.rfm", node, known: Self.rfmKeys)
        if let node = values["frequency_bands"] {
            let items = try reader.sequence("analysis.rfm.frequency_bands", node)
            let bands = try items.map { try reader.int("analysis.rfm.frequency_bands", $0, minimum: 2) }
            guard bands.count == 4, zip(bands, bands.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw reader.error(
                    "analysis.rfm.frequency_bands", node,
                    "give four ascending order counts, each at least 2: the lowest counts of F scores 2, 3, 4 and 5")
            }
            rfm.frequencyBands = bands
        }
        if let node = values["new_customer_days"] {
            rfm.newCustomerDays = try reader.int("analysis.rfm.new_customer_days", node, minimum: 1)
        }
    }
}
