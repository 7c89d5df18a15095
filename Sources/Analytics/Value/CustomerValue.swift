/// The model outputs for one customer.
public struct CustomerValue: Sendable, Hashable, Codable {
    /// The customer, as in the scored ``RFMSummaryRow``.
    public var customerID: String
    /// P(alive) at the as-of date (the purchase model: BG/NBD, MBG/NBD or Pareto/NBD).
    public var probabilityAlive: Double
    /// Expected repeat purchases over the whole CLV horizon (purchase model, undiscounted).
    public var expectedPurchases: Double
    /// Expected mean value of a future transaction (Gamma-Gamma), in money units.
    public var expectedAverageValue: Double
    /// Discounted expected margin over the horizon, in money units.
    public var clv: Double

    public init(
        customerID: String, probabilityAlive: Double, expectedPurchases: Double,
        expectedAverageValue: Double, clv: Double
    ) {
        self.customerID = customerID
        self.probabilityAlive = probabilityAlive
        self.expectedPurchases = expectedPurchases
        self.expectedAverageValue = expectedAverageValue
        self.clv = clv
    }

    /// CLV rounded to cents, as a decimal string for a `numeric` column.
    public var clvDecimalString: String { MoneyRounding.decimalString(clv) }
    /// Expected average transaction value rounded to cents.
    public var expectedAverageValueDecimalString: String { MoneyRounding.decimalString(expectedAverageValue) }

    var isFinite: Bool {
        probabilityAlive.isFinite && expectedPurchases.isFinite && expectedAverageValue.isFinite && clv.isFinite
    }
}
