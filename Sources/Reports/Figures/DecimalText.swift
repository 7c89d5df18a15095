import Foundation

/// Exact sums and ratios of the server's decimal text, for the figures that
/// aggregate a report's rows (markets per country, response per segment).
enum DecimalText {
    static func decimal(_ text: String?) -> Decimal? {
        guard let text else { return nil }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }

    static func text(_ value: Decimal) -> String { "\(value)" }

    /// numerator / denominator to `places` decimals, nil when the denominator is zero.
    static func ratio(_ numerator: Decimal, _ denominator: Decimal, places: Int = 4) -> String? {
        guard denominator != 0 else { return nil }
        var quotient = numerator / denominator
        var rounded = Decimal()
        NSDecimalRound(&rounded, &quotient, places, .plain)
        return text(rounded)
    }
}
