import Yams

extension AnalysisSection {
    /// `analysis.propensity`: whether the nightly run scores propensity after
    /// CLV, and how the models are fitted (docs/marts.md, "Propensity").
    public struct Propensity: Equatable {
        public var enabled = false
        /// λ of the L2 penalty (λ / 2) Σ β² on the standardised coefficients.
        public var penalty = 1.0
        /// Windows stacked into each training set, one horizon apart.
        public var trainingWindows = 3
        /// Training sets above this many rows keep every k-th row.
        public var maxTrainingRows = 100_000
        /// Positives (and negatives) a target needs in each training set and its holdout.
        public var minPositives = 30
        /// Days in which a contact and its response count for the respond targets.
        public var responseHorizonDays = 90
    }

    static let propensityKeys = [
        "enabled", "penalty", "training_windows", "max_training_rows", "min_positives", "response_horizon_days",
    ]

    mutating func readPropensity(_ node: Node, _ reader: ConfigReader) throws {
        let values = try reader.mapping("analysis.propensity", node, known: Self.propensityKeys)
        if let node = values["enabled"] { propensity.enabled = try reader.bool("analysis.propensity.enabled", node) }
        if let node = values["penalty"] {
            propensity.penalty = try reader.double("analysis.propensity.penalty", node, in: 0...1_000_000)
        }
        if let node = values["training_windows"] {
            propensity.trainingWindows = try reader.int("analysis.propensity.training_windows", node, minimum: 1)
            if propensity.trainingWindows > 12 {
                throw reader.error("analysis.propensity.training_windows", node, "must be at most 12")
            }
        }
        if let node = values["max_training_rows"] {
            propensity.maxTrainingRows = try reader.int("analysis.propensity.max_training_rows", node, minimum: 1_000)
        }
        if let node = values["min_positives"] {
            propensity.minPositives = try reader.int("analysis.propensity.min_positives", node, minimum: 1)
        }
        if let node = values["response_horizon_days"] {
            propensity.responseHorizonDays = try reader.int("analysis.propensity.response_horizon_days", node, minimum: 1)
            if propensity.responseHorizonDays > 366 {
                throw reader.error("analysis.propensity.response_horizon_days", node, "must be at most 366")
            }
        }
    }

    /// The line `crmwh config check` prints.
    var propensityLine: String {
        "  propensity: {enabled: \(propensity.enabled), penalty: \(propensity.penalty), "
            + "training_windows: \(propensity.trainingWindows), max_training_rows: \(propensity.maxTrainingRows), "
            + "min_positives: \(propensity.minPositives), "
            + "response_horizon_days: \(propensity.responseHorizonDays)}"
    }
}
