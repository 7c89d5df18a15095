/// The period-transactions check: how many customers made 0, 1, 2, … repeat purchases in
/// the calibration period, against how many the model expects.
///
/// A customer observed for T after their first purchase makes n repeat purchases with
/// probability P(X(T) = n) (``PurchaseModel/probabilityOfPurchases(_:t:)``), so the expected number of
/// customers with n repeat purchases is Σᵢ P(X(Tᵢ) = n): computed exactly, not simulated
/// (lifetimes' `plot_period_transactions` draws a simulated population instead).
public struct PeriodTransactionsCheck: Sendable, Hashable {
    public struct Group: Sendable, Hashable {
        /// "0", "1", … and the open group such as "7+".
        public var label: String
        /// Customers with this many repeat purchases in the calibration period.
        public var actualCustomers: Int
        /// Σᵢ P(X(Tᵢ) = n) (the open group: P(X(Tᵢ) ≥ n)).
        public var expectedCustomers: Double
    }

    public var groups: [Group]

    public static func compute(
        _ model: any PurchaseModel, calibration: RFMSummary, openGroupFrom: Int = 7
    ) -> PeriodTransactionsCheck {
        let rows = calibration.converted(to: model.unit).rows
        var actual = [Int](repeating: 0, count: openGroupFrom + 1)
        var customersByT: [Double: Int] = [:]
        for row in rows {
            actual[min(row.frequency, openGroupFrom)] += 1
            customersByT[row.T, default: 0] += 1
        }
        var expected = [Double](repeating: 0, count: openGroupFrom + 1)
        // Sorted so the sums are the same on every run.
        for (T, customers) in customersByT.sorted(by: { $0.key < $1.key }) {
            var below = 0.0
            for n in 0..<openGroupFrom {
                let p = model.probabilityOfPurchases(n, t: T)
                expected[n] += Double(customers) * p
                below += p
            }
            expected[openGroupFrom] += Double(customers) * max(0, 1 - below)
        }
        return PeriodTransactionsCheck(
            groups: (0...openGroupFrom).map {
                Group(
                    label: $0 == openGroupFrom ? "\($0)+" : "\($0)", actualCustomers: actual[$0],
                    expectedCustomers: expected[$0])
            })
    }
}
