/// How one feed writes its values; built once from the feed's configuration.
public struct FieldOptions: Sendable {
    public var decimalFormat: DecimalFormat
    /// Zone and extra formats for `*_at` fields.
    public var timestamps: TimestampParser
    /// Extra formats for `*_date` fields.
    public var dates: DateParser
    /// Country for national phone numbers when the record has none.
    public var defaultCountry: CountryCode
    /// Whether quantities may be negative (feeds that write returns as negative lines).
    public var allowNegativeQuantity: Bool

    public init(
        decimalFormat: DecimalFormat = .standard, timestamps: TimestampParser = TimestampParser(),
        dates: DateParser = DateParser(), defaultCountry: CountryCode, allowNegativeQuantity: Bool = false
    ) {
        self.decimalFormat = decimalFormat
        self.timestamps = timestamps
        self.dates = dates
        self.defaultCountry = defaultCountry
        self.allowNegativeQuantity = allowNegativeQuantity
    }
}
