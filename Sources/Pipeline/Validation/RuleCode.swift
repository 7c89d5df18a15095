/// A stable, short, machine-readable name for a validation rule, such as
/// `money.invalid`. Reject files, `etl.reject` and the generator's manifest
/// all carry these codes, so they never change once released.
public struct RuleCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
}

extension RuleCode {
    /// A required field is empty or absent.
    public static let requiredMissing: RuleCode = "required.missing"
    /// Not a decimal number (garbage, NaN, Inf, misplaced separators).
    public static let moneyInvalid: RuleCode = "money.invalid"
    /// A decimal that does not fit 18 significant digits.
    public static let moneyOverflow: RuleCode = "money.overflow"
    /// Not a positive quantity (integer or decimal).
    public static let quantityInvalid: RuleCode = "quantity.invalid"
    /// A timestamp in none of the accepted shapes, or with impossible parts.
    public static let timestampInvalid: RuleCode = "timestamp.invalid"
    /// A date in none of the configured formats, or an impossible date.
    public static let dateInvalid: RuleCode = "date.invalid"
    public static let emailInvalid: RuleCode = "email.invalid"
    public static let phoneInvalid: RuleCode = "phone.invalid"
    public static let countryUnknown: RuleCode = "country.unknown"
    /// Not an active ISO 4217 code.
    public static let currencyUnknown: RuleCode = "currency.unknown"
    /// A valid currency with no rate on or before the date and no fallback.
    public static let currencyNoRate: RuleCode = "currency.no_rate"
    public static let booleanInvalid: RuleCode = "boolean.invalid"
    public static let interactionTypeUnknown: RuleCode = "interaction_type.unknown"
    /// An interaction's group that is neither treatment nor control.
    public static let interactionGroupUnknown: RuleCode = "group.unknown"
    /// An exchange rate that is not a positive decimal.
    public static let fxRateInvalid: RuleCode = "fx_rate.invalid"
    /// A value that cannot be an integer (line numbers).
    public static let integerInvalid: RuleCode = "integer.invalid"
    /// A delimited record with too few or too many fields, read under the
    /// feed's `ragged: lenient` policy (a warning: missing fields NULL, extra ignored).
    public static let recordRagged: RuleCode = "record.ragged"
    /// A NUL byte in a value: PostgreSQL text cannot hold one.
    public static let textNul: RuleCode = "text.nul"
    /// A key (an id, a code) longer than the warehouse indexes take.
    public static let keyTooLong: RuleCode = "key.too_long"
    /// A number beyond the precision of its warehouse column.
    public static let numberOutOfRange: RuleCode = "number.out_of_range"
    /// A date outside the calendar the warehouse covers (dw.dim_date), or
    /// further in the future than the configured horizon.
    public static let dateOutOfRange: RuleCode = "date.out_of_range"
}
