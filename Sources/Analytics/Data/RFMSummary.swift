/// A set of summary rows together with the unit their recency and T are in.
public struct RFMSummary: Sendable, Hashable {
    public var unit: TimeUnit
    public var rows: [RFMSummaryRow]

    public init(unit: TimeUnit, rows: [RFMSummaryRow]) {
        self.unit = unit
        self.rows = rows
    }

    /// The same customers with recency and T expressed in `target`.
    public func converted(to target: TimeUnit) -> RFMSummary {
        guard target != unit else { return self }
        let factor = unit.days / target.days
        return RFMSummary(
            unit: target,
            rows: rows.map {
                var row = $0
                row.recency *= factor
                row.T *= factor
                return row
            })
    }
}
