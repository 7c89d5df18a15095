extension Manifest {
    /// The planted effect of contact on next-month upward tier moves
    /// (docs/marts.md, "Migration drivers"): customers contacted (treatment
    /// `sent`) in a month who, at the month's start, were in one of `segments`
    /// get one extra order later in the same month with `extraOrderChance`;
    /// contacted customers in any other state get nothing extra.
    public struct MigrationPlant: Codable, Sendable {
        /// States at the month's start that the effect is planted in: `lapsed`
        /// (ordered before, not in the 12 months up to the month's start) and
        /// `new` (one order, at most 90 days before the month's start).
        public var segments: [String]
        public var extraOrderChance: Double
        /// Per state at the month's start (the planted ones and `other`):
        /// contacted customer-months, and extra orders placed.
        public var cells: [MigrationPlantCell]
    }

    public struct MigrationPlantCell: Codable, Sendable {
        public var segment: String
        public var contactedCustomerMonths: Int
        public var extraOrders: Int
    }
}
