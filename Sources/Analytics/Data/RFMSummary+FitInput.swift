extension RFMSummary {
    /// The checks every purchase model's fit makes before it starts, with
    /// the time scale it fits in (1 / the longest T): customers to fit on,
    /// a valid penalizer and rows, a repeat buyer, an observation period.
    func checkedForFit(model name: String, penalizer: Double) throws -> (rows: [RFMSummaryRow], timeScale: Double) {
        guard !rows.isEmpty else {
            throw AnalyticsError(.emptyInput, "no customers to fit the \(name) model on")
        }
        guard penalizer >= 0, penalizer.isFinite else {
            throw AnalyticsError(.mismatchedInput, "penalizer \(penalizer) must be a non-negative number")
        }
        for i in rows.indices { try rows[i].validate() }
        guard rows.contains(where: { $0.frequency > 0 }) else {
            throw AnalyticsError(
                .insufficientData,
                "no customer has a repeat purchase, so purchase rates and dropout cannot be estimated")
        }
        let maxT = rows.map(\.T).max() ?? 0
        guard maxT > 0 else {
            throw AnalyticsError(.insufficientData, "every customer's T is 0: there is no observation period")
        }
        return (rows, 1 / maxT)
    }

    /// Refuses an unpenalized fit of data with fewer than two distinct rows.
    static func checkIdentifiable(distinctRows: Int, customers: Int, penalizer: Double) throws {
        if penalizer == 0 && distinctRows < 2 {
            throw AnalyticsError(
                .insufficientData,
                "all \(customers) customers have the same (frequency, recency, T); the model is not identifiable"
                    + " (use a penalizer or more customers)")
        }
    }
}
