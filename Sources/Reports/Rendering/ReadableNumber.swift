/// Numbers as people read them in the `table` and `html` reports: money to
/// the cent with thousands separators, rates and shares as percentages,
/// counts grouped by thousands. The role comes from the column name, which
/// the marts keep to one convention (`*_rate`, `*_share`, `*revenue*` …).
/// Rounding works on the server's exact decimal text, half away from zero,
/// never through a `Double`; `csv` and `json` keep the exact values.
enum ReadableNumber {
    enum Role: Equatable {
        /// 0.1234 → 12.3 %
        case percent
        /// 2775727.5455 → 2,775,727.55
        case money
        /// 12345 → 12,345; a number with a fraction (lift, slopes,
        /// averages of counts) as the server wrote it.
        case count
    }

    /// Cell `column` of a section as shown: a heatmap's cells past the
    /// first column are rates; other columns take the role of their name.
    static func cell(_ exact: String, column: Int, of section: ReportSection) -> String {
        guard section.table.columns[column].kind == .number else { return exact }
        let role = section.style == .heatmap && column > 0
            ? .percent : role(ofColumn: section.table.columns[column].name)
        return text(exact, role: role)
    }

    static func role(ofColumn name: String) -> Role {
        let name = name.lowercased()
        let last = name.split(separator: "_").last.map(String.init) ?? name
        if ["rate", "share", "retention", "probability", "support"].contains(last) || name.hasPrefix("confidence") {
            return .percent
        }
        let moneyWords = ["revenue", "margin", "clv", "cost", "monetary", "order_value", "amount"]
        if moneyWords.contains(where: { name.contains($0) }) { return .money }
        return .count
    }

    /// A number as shown; text that is not a plain decimal (an exponent,
    /// NaN) is returned as it is.
    static func text(_ exact: String, role: Role) -> String {
        guard let number = PlainDecimal(exact) else { return exact }
        switch role {
        case .percent: return number.shifted(by: 2).rounded(to: 1).grouped() + " %"
        case .money: return number.rounded(to: 2).grouped()
        case .count: return number.fraction.isEmpty ? number.grouped() : exact
        }
    }
}

/// A decimal written as `-?digits(.digits)?`, kept as its digits.
struct PlainDecimal: Equatable {
    var isNegative: Bool
    /// Integer digits, no leading zeros except a single "0".
    var integer: [UInt8]
    var fraction: [UInt8]

    init?(_ text: String) {
        var bytes = Array(text.utf8)
        isNegative = bytes.first == UInt8(ascii: "-")
        if isNegative { bytes.removeFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty,
            parts.allSatisfy({ $0.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } })
        else { return nil }
        if parts.count == 2 && parts[1].isEmpty { return nil }
        integer = Array(parts[0])
        fraction = parts.count == 2 ? Array(parts[1]) : []
        trimIntegerZeros()
    }

    /// × 10^places (places ≥ 0).
    func shifted(by places: Int) -> PlainDecimal {
        var copy = self
        let padded = fraction + Array(repeating: UInt8(ascii: "0"), count: max(0, places - fraction.count))
        copy.integer += padded.prefix(places)
        copy.fraction = Array(padded.dropFirst(places))
        copy.trimIntegerZeros()
        return copy
    }

    /// To `places` fraction digits, half away from zero (padding with zeros).
    func rounded(to places: Int) -> PlainDecimal {
        var copy = self
        let kept = Array(fraction.prefix(places))
        copy.fraction = kept + Array(repeating: UInt8(ascii: "0"), count: places - kept.count)
        if fraction.count > places && fraction[places] >= UInt8(ascii: "5") {
            var digits = copy.integer + copy.fraction
            var index = digits.count - 1
            while index >= 0 {
                if digits[index] == UInt8(ascii: "9") {
                    digits[index] = UInt8(ascii: "0")
                    index -= 1
                } else {
                    digits[index] += 1
                    break
                }
            }
            if index < 0 { digits.insert(UInt8(ascii: "1"), at: 0) }
            copy.integer = Array(digits.prefix(digits.count - places))
            copy.fraction = Array(digits.suffix(places))
        }
        // -0.00 reads as 0.00.
        if copy.integer.allSatisfy({ $0 == UInt8(ascii: "0") }) && copy.fraction.allSatisfy({ $0 == UInt8(ascii: "0") }) {
            copy.isNegative = false
        }
        return copy
    }

    /// Comma-separated thousands.
    func grouped() -> String {
        var text = isNegative ? "-" : ""
        for (offset, digit) in integer.enumerated() {
            if offset > 0 && (integer.count - offset) % 3 == 0 { text += "," }
            text.append(Character(Unicode.Scalar(digit)))
        }
        if !fraction.isEmpty {
            text += "." + String(decoding: fraction, as: UTF8.self)
        }
        return text
    }

    private mutating func trimIntegerZeros() {
        while integer.count > 1 && integer.first == UInt8(ascii: "0") { integer.removeFirst() }
    }
}
