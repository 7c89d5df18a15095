/// Expected against actual repeat purchases in a holdout period that follows the
/// calibration period: the standard check of a BG/NBD (or MBG/NBD) fit (Fader, Hardie & Lee 2005,
/// figure 4: conditional expectations grouped by calibration-period frequency).
public struct HoldoutComparison: Sendable, Hashable {
    /// Customers with the same calibration frequency (the last group: that frequency or more).
    public struct Group: Sendable, Hashable {
        /// "0", "1", ... and a final open group such as "7+".
        public var label: String
        /// Customers in the group.
        public var customers: Int
        /// Σ over the group's customers of E[Y(holdout) | x, tₓ, T].
        public var expectedPurchases: Double
        /// Repeat purchases the group made in the holdout.
        public var actualPurchases: Int

        public var expectedPerCustomer: Double { customers > 0 ? expectedPurchases / Double(customers) : 0 }
        public var actualPerCustomer: Double { customers > 0 ? Double(actualPurchases) / Double(customers) : 0 }
    }

    /// The holdout period the expectations are for.
    public var holdoutLength: TimeSpan
    /// Σ of the expected repeat purchases over all customers.
    public var expectedPurchases: Double
    /// Σ of the actual holdout repeat purchases.
    public var actualPurchases: Int
    /// Groups by calibration frequency 0, 1, ..., `openGroupFrom`+.
    public var groups: [Group]
}

extension PurchaseModel {
    /// Compares predictions for `holdoutLength` with what the customers actually did.
    ///
    /// - Parameters:
    ///   - calibration: the summary at the end of the calibration period.
    ///   - actualHoldoutPurchases: repeat purchases (distinct purchase days) of each
    ///     calibration row during the holdout, in the same order.
    ///   - openGroupFrom: the frequency from which customers share the last group (7 → "7+").
    /// - Throws: `.mismatchedInput` when the counts do not line up with the rows or are
    ///   negative, `.invalidRow` for a row breaking the RFM conventions.
    public func compareHoldout(
        calibration: RFMSummary, actualHoldoutPurchases: [Int], holdoutLength: TimeSpan, openGroupFrom: Int = 7
    ) throws -> HoldoutComparison {
        guard calibration.rows.count == actualHoldoutPurchases.count else {
            throw AnalyticsError(
                .mismatchedInput,
                "\(calibration.rows.count) calibration rows but \(actualHoldoutPurchases.count) holdout counts")
        }
        guard openGroupFrom >= 1 else {
            throw AnalyticsError(.mismatchedInput, "the open frequency group must start at 1 or more")
        }
        let rows = calibration.converted(to: unit).rows
        let t = holdoutLength.value(in: unit)
        var groups = (0...openGroupFrom).map {
            HoldoutComparison.Group(
                label: $0 == openGroupFrom ? "\($0)+" : "\($0)", customers: 0, expectedPurchases: 0, actualPurchases: 0)
        }
        for (row, actual) in zip(rows, actualHoldoutPurchases) {
            try row.validate()
            guard actual >= 0 else {
                throw AnalyticsError(.mismatchedInput, "customer \(row.customerID): negative holdout count \(actual)")
            }
            let g = min(row.frequency, openGroupFrom)
            groups[g].customers += 1
            groups[g].expectedPurchases += expectedPurchases(
                t: t, frequency: row.frequency, recency: row.recency, T: row.T)
            groups[g].actualPurchases += actual
        }
        return HoldoutComparison(
            holdoutLength: holdoutLength,
            expectedPurchases: groups.reduce(0) { $0 + $1.expectedPurchases },
            actualPurchases: groups.reduce(0) { $0 + $1.actualPurchases },
            groups: groups)
    }
}
