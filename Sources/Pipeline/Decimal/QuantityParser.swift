/// Order-line quantities: whole units ("2", "2.0") or weights ("1.5").
public enum QuantityParser {
    /// The most fractional digits a quantity may have (grams of a kilogram).
    public static let maxScale = 3

    /// Parses a quantity; issues are `quantity.invalid`. Zero and negative
    /// quantities are rejected unless `allowNegative` (feeds that write
    /// returns as negative lines); more than three decimals is rejected.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, format: DecimalFormat = .standard, allowNegative: Bool = false
    ) -> Result<ExactDecimal, ParseFailure> {
        switch ExactDecimal.parse(bytes, format: format) {
        case .failure(let failure):
            return .failure(ParseFailure(.quantityInvalid, failure.message))
        case .success(let value):
            let q = value.normalized
            if q.isZero { return .failure(ParseFailure(.quantityInvalid, "quantity is zero")) }
            if q.isNegative, !allowNegative { return .failure(ParseFailure(.quantityInvalid, "quantity is negative")) }
            if q.scale > maxScale { return .failure(ParseFailure(.quantityInvalid, "more than 3 decimals")) }
            return .success(value)
        }
    }

    public static func parse(
        _ text: String, format: DecimalFormat = .standard, allowNegative: Bool = false
    ) -> Result<ExactDecimal, ParseFailure> {
        text.withRawUTF8 { parse($0, format: format, allowNegative: allowNegative) }
    }
}
