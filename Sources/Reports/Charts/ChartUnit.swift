import Foundation

/// What a chart's values measure: it names the axis and formats its ticks.
public enum ChartUnit: Sendable, Equatable {
    /// Amounts in the base currency.
    case money(currency: String)
    /// Shares and rates given as fractions (0.25 is 25 %).
    case percent
    /// Whole things counted, named by a plural noun ("customers").
    case count(String)
    /// A plain number without a unit (a lift, an average frequency).
    case number

    /// The axis label: the measure with its unit in parentheses.
    public func axisLabel(_ measure: String) -> String {
        switch self {
        case .money(let currency): return "\(measure) (\(currency))"
        case .percent: return "\(measure) (%)"
        case .count(let noun): return measure.lowercased() == noun.lowercased() ? measure : "\(measure) (\(noun))"
        case .number: return measure
        }
    }

    /// A tick or data label, short: 1.2M, 350k, 25 %, 1,200.
    public func tick(_ value: Double) -> String {
        switch self {
        case .percent: return Self.trimmed(value * 100, digits: abs(value) < 0.1 && value != 0 ? 1 : 0) + " %"
        case .money, .count, .number: return Self.compact(value)
        }
    }

    static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1e9 { return trimmed(value / 1e9, digits: 1) + "B" }
        if magnitude >= 1e6 { return trimmed(value / 1e6, digits: 1) + "M" }
        if magnitude >= 1e4 { return trimmed(value / 1e3, digits: 0) + "k" }
        if magnitude >= 1e3 { return trimmed(value / 1e3, digits: 1) + "k" }
        if magnitude >= 10 || magnitude == 0 { return trimmed(value, digits: 0) }
        return trimmed(value, digits: magnitude >= 1 ? 1 : 2)
    }

    /// Rounded to `digits` decimals, trailing zeros dropped, never "-0".
    static func trimmed(_ value: Double, digits: Int) -> String {
        var text = String(format: "%.\(digits)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}
