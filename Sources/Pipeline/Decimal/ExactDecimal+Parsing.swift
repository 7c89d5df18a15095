extension ExactDecimal {
    /// Parses a decimal from UTF-8 bytes: surrounding whitespace, an optional
    /// '+' or '-', digits (grouped only as `format` allows), and an optional
    /// separator with fractional digits. The scale is the number of
    /// fractional digits written.
    ///
    /// Rejected with `money.invalid`: empty text, letters, exponents ("1e5"),
    /// "NaN" / "Inf" (what `Double` formatting leaks into CSV), two signs,
    /// misplaced group separators. Rejected with `money.overflow`: a mantissa
    /// beyond ±9223372036854775807 (every 18-digit number fits) or more than
    /// 18 fractional digits.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, format: DecimalFormat = .standard
    ) -> Result<ExactDecimal, ParseFailure> {
        let text = ASCII.trimmed(bytes)
        let n = text.count
        guard n > 0 else { return .failure(ParseFailure(.moneyInvalid, "empty number")) }
        var i = 0
        var negative = false
        if text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+") {
            negative = text[0] == UInt8(ascii: "-")
            i = 1
        }
        var magnitude: UInt64 = 0
        var digits = 0
        var scale = 0
        var inFraction = false
        // Grouping: digits since the last group separator, and whether one was seen.
        var groupRun = 0
        var sawGroup = false
        while i < n {
            let b = text[i]
            if ASCII.isDigit(b) {
                digits += 1
                if inFraction { scale += 1 } else { groupRun += 1 }
                let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(UInt64(b &- 0x30))
                guard !o1, !o2, next <= UInt64(Int64.max), scale <= maxScale else {
                    return .failure(ParseFailure(.moneyOverflow, "more than 18 fractional digits or beyond ±9223372036854775807 units"))
                }
                magnitude = next
            } else if b == format.decimalSeparator, !inFraction {
                if sawGroup, groupRun != 3 { return .failure(misplacedGroup) }
                inFraction = true
            } else if let group = format.groupingSeparator, b == group, !inFraction {
                // "1,234" has a first group of 1-3 digits, every later one exactly 3.
                if groupRun == 0 || (sawGroup ? groupRun != 3 : groupRun > 3) { return .failure(misplacedGroup) }
                sawGroup = true
                groupRun = 0
            } else {
                return .failure(invalidCharacter(b))
            }
            i += 1
        }
        if !inFraction, sawGroup, groupRun != 3 { return .failure(misplacedGroup) }
        guard digits > 0 else { return .failure(ParseFailure(.moneyInvalid, "no digits")) }
        let signed = Int64(magnitude)
        return .success(ExactDecimal(unchecked: negative ? -signed : signed, scale: scale))
    }

    /// String convenience for `parse(_:format:)`.
    public static func parse(_ text: String, format: DecimalFormat = .standard) -> Result<ExactDecimal, ParseFailure> {
        text.withRawUTF8 { parse($0, format: format) }
    }

    private static let misplacedGroup = ParseFailure(.moneyInvalid, "misplaced digit group separator")

    private static func invalidCharacter(_ b: UInt8) -> ParseFailure {
        switch ASCII.lower(b) {
        case UInt8(ascii: "e"): return ParseFailure(.moneyInvalid, "exponent notation is not an exact amount")
        case UInt8(ascii: "n"), UInt8(ascii: "i"):
            return ParseFailure(.moneyInvalid, "NaN and Infinity are not amounts")
        case UInt8(ascii: "-"), UInt8(ascii: "+"): return ParseFailure(.moneyInvalid, "sign not at the start")
        case UInt8(ascii: "."), UInt8(ascii: ","): return ParseFailure(.moneyInvalid, "unexpected separator")
        default: return ParseFailure(.moneyInvalid, "not a decimal number")
        }
    }
}
