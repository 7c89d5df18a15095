/// How a report column's numbers are read, and so written: one format per
/// role, so a table never shows 0.0044 beside 0.3 %.
public enum ColumnRole: Sendable, Equatable {
    /// Amounts in the base currency, to the cent: 2,775,727.55
    case money
    /// Fractions shown as percentages to one decimal: 0.1234 → 12.3 %
    case percent
    /// Whole numbers grouped by thousands: 12,345
    case count
    /// Other numbers (lifts, averages of counts, indexes) to a fixed number of decimals.
    case decimal(Int)
    /// Text, dates and flags as written.
    case text

    /// A cell of this role as shown; text that is not a plain decimal stays as it is.
    public func format(_ exact: String) -> String {
        guard let number = PlainDecimal(exact) else { return exact }
        switch self {
        case .money: return number.rounded(to: 2).grouped()
        case .percent: return number.shifted(by: 2).rounded(to: 1).grouped() + " %"
        case .count: return number.rounded(to: 0).grouped()
        case .decimal(let places): return number.rounded(to: places).grouped()
        case .text: return exact
        }
    }

    /// The unit a chart axis of this role takes.
    public func chartUnit(currency: String, noun: String) -> ChartUnit {
        switch self {
        case .money: return .money(currency: currency)
        case .percent: return .percent
        case .count: return .count(noun)
        case .decimal, .text: return .number
        }
    }
}
