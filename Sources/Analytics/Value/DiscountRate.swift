import Foundation

/// The rate at which future cash is discounted, stated per year or per month.
///
/// CLV discounts month by month (as lifetimes does); an annual rate is turned into
/// the equivalent compound monthly rate (1 + annual)^(1/12) − 1, so twelve monthly
/// discounts equal one annual discount.
public enum DiscountRate: Sendable, Hashable, Codable {
    case annual(Double)
    case monthly(Double)

    /// The compound-equivalent monthly rate.
    public var monthlyRate: Double {
        switch self {
        case .monthly(let rate): return rate
        case .annual(let rate): return pow(1 + rate, 1.0 / 12) - 1
        }
    }
}

/// Rounding of model money outputs for storage: the models compute in `Double`, and
/// values written back (CLV, expected average value) are rounded half away from zero
/// to whole cents, e.g. to be stored in a `numeric(…, 2)` column.
public enum MoneyRounding {
    /// The value in cents (half away from zero).
    public static func cents(_ value: Double) -> Int64 {
        Int64((value * 100).rounded(.toNearestOrAwayFromZero))
    }

    /// The value as a plain decimal string with two fractional digits, e.g. "-12.05".
    public static func decimalString(_ value: Double) -> String {
        let c = cents(value)
        let magnitude = c.magnitude
        let fraction = magnitude % 100
        return "\(c < 0 ? "-" : "")\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
