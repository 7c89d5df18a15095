import Foundation

/// One customer's purchase history, summarised with the conventions of the
/// BG/NBD and Gamma-Gamma papers (and of the `lifetimes` library).
///
/// - `frequency`: number of repeat purchases = distinct purchase days − 1.
/// - `recency`: time from the first to the last purchase, in the summary's unit
///   (0 when `frequency` is 0).
/// - `T`: time from the first purchase to the as-of date, in the summary's unit.
/// - `monetary`: mean value of the repeat purchases (the first one excluded),
///   0 when `frequency` is 0.
///
/// The unit lives in the enclosing ``RFMSummary``.
public struct RFMSummaryRow: Sendable, Hashable {
    /// The warehouse customer ID the scores are written back to.
    public var customerID: String
    /// Repeat purchases: distinct purchase days − 1 (x in the papers).
    public var frequency: Int
    /// First to last purchase, in the summary's unit (tₓ in the papers).
    public var recency: Double
    /// First purchase to the as-of date, in the summary's unit (the papers' T).
    public var T: Double
    /// Mean value of the repeat purchases, 0 without any (m̄ in the papers).
    public var monetary: Double

    public init(customerID: String, frequency: Int, recency: Double, T: Double, monetary: Double = 0) {
        self.customerID = customerID
        self.frequency = frequency
        self.recency = recency
        self.T = T
        self.monetary = monetary
    }

    /// Builds a row from day counts as a SQL summary produces them, converting to `unit`.
    public init(
        customerID: String, frequency: Int, recencyDays: Double, ageDays: Double,
        monetary: Double = 0, unit: TimeUnit
    ) {
        self.init(
            customerID: customerID, frequency: frequency,
            recency: recencyDays / unit.days, T: ageDays / unit.days, monetary: monetary)
    }

    /// Parses an exact decimal string (such as PostgreSQL `numeric` text output) into
    /// the `Double` the statistical models work with.
    public static func monetaryValue(fromDecimal text: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite else {
            throw AnalyticsError(.invalidRow, "monetary value '\(text)' is not a decimal number")
        }
        return value
    }

    /// Throws ``AnalyticsError/Code/invalidRow`` when the row breaks the conventions above.
    public func validate() throws {
        func fail(_ why: String) -> AnalyticsError {
            AnalyticsError(.invalidRow, "customer \(customerID): \(why)")
        }
        guard frequency >= 0 else { throw fail("frequency \(frequency) is negative") }
        guard recency.isFinite, recency >= 0 else { throw fail("recency \(recency) is not a non-negative number") }
        guard T.isFinite, T >= 0 else { throw fail("T \(T) is not a non-negative number") }
        // A tolerance for rows whose recency and T were rounded separately.
        guard recency <= T * (1 + 1e-9) + 1e-12 else { throw fail("recency \(recency) exceeds T \(T)") }
        guard monetary.isFinite, monetary >= 0 else { throw fail("monetary \(monetary) is not a non-negative number") }
        if frequency == 0 && recency != 0 {
            throw fail("recency must be 0 when there is no repeat purchase")
        }
    }
}
