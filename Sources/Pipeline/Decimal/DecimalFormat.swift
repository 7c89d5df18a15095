/// How a feed writes decimal numbers.
public struct DecimalFormat: Sendable, Hashable {
    /// The byte between integer and fractional digits: '.' or ',' (European feeds).
    public var decimalSeparator: UInt8
    /// An optional digit-group separator (',' '.' ' ' or '\''); when set,
    /// groups must be exactly three digits ("1.234.567,89"); ungrouped
    /// numbers ("1234567,89") are accepted too.
    public var groupingSeparator: UInt8?

    public init(decimalSeparator: UInt8 = UInt8(ascii: "."), groupingSeparator: UInt8? = nil) {
        precondition(decimalSeparator != groupingSeparator, "separators must differ")
        self.decimalSeparator = decimalSeparator
        self.groupingSeparator = groupingSeparator
    }

    /// "1234.56"
    public static let standard = DecimalFormat()
    /// "1234,56" and "1.234,56"
    public static let european = DecimalFormat(
        decimalSeparator: UInt8(ascii: ","), groupingSeparator: UInt8(ascii: "."))
}
