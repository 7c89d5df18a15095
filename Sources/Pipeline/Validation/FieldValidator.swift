/// Parses the fields of one record and records issues with the right
/// severity, so every loader applies the same policy:
///
/// - an empty required field is a reject (`required.missing`);
/// - an invalid money, quantity, timestamp, date, currency, interaction
///   type or group, or integer is a reject: the record cannot be loaded honestly;
/// - an invalid optional attribute (email, phone, country, boolean) is a
///   warning: the record loads with that attribute empty.
///
/// Each method returns the parsed value, or nil when the field is empty or
/// invalid; issues are appended to `issues`. Nothing allocates unless an
/// issue is recorded (email and phone return their normalized text).
public struct FieldValidator: Sendable {
    public var options: FieldOptions

    public init(options: FieldOptions) { self.options = options }

    /// Required text: returns the trimmed bytes, or nil with `required.missing`.
    public func required(
        _ bytes: UnsafeRawBufferPointer, field: String, issues: inout [FieldIssue]
    ) -> UnsafeRawBufferPointer? {
        let t = ASCII.trimmed(bytes)
        if t.isEmpty {
            issues.append(missing(field, bytes))
            return nil
        }
        return t
    }

    public func money(_ b: UnsafeRawBufferPointer, field: String, required: Bool = false,
                      issues: inout [FieldIssue]) -> ExactDecimal? {
        check(b, field, required, .reject, &issues) { ExactDecimal.parse($0, format: options.decimalFormat) }
    }

    public func quantity(_ b: UnsafeRawBufferPointer, field: String, required: Bool = false,
                         issues: inout [FieldIssue]) -> ExactDecimal? {
        check(b, field, required, .reject, &issues) {
            QuantityParser.parse($0, format: options.decimalFormat, allowNegative: options.allowNegativeQuantity)
        }
    }

    /// Microseconds since the epoch, UTC.
    public func timestamp(_ b: UnsafeRawBufferPointer, field: String, required: Bool = false,
                          issues: inout [FieldIssue]) -> Int64? {
        check(b, field, required, .reject, &issues) { options.timestamps.parse($0) }
    }

    /// Days since 1970-01-01.
    public func date(_ b: UnsafeRawBufferPointer, field: String, required: Bool = false,
                     issues: inout [FieldIssue]) -> Int32? {
        check(b, field, required, .reject, &issues) { options.dates.parse($0) }
    }

    public func currency(_ b: UnsafeRawBufferPointer, field: String, required: Bool = false,
                         issues: inout [FieldIssue]) -> CurrencyCode? {
        check(b, field, required, .reject, &issues) { CurrencyCode.parse($0) }
    }

    public func interactionType(_ b: UnsafeRawBufferPointer, field: String, required: Bool = true,
                                issues: inout [FieldIssue]) -> InteractionType? {
        check(b, field, required, .reject, &issues) { InteractionType.parse($0) }
    }

    /// An interaction's group; nil when empty (treatment).
    public func interactionGroup(_ b: UnsafeRawBufferPointer, field: String,
                                 issues: inout [FieldIssue]) -> InteractionGroup? {
        check(b, field, false, .reject, &issues) { InteractionGroup.parse($0) }
    }

    /// A whole number such as `line_no` (optional sign, digits only).
    public func integer(_ b: UnsafeRawBufferPointer, field: String, required: Bool = false,
                        issues: inout [FieldIssue]) -> Int64? {
        check(b, field, required, .reject, &issues) { bytes in
            switch ExactDecimal.parse(bytes) {
            case .success(let d) where d.scale == 0: return .success(d.mantissa)
            default: return .failure(ParseFailure(.integerInvalid, "not a whole number"))
            }
        }
    }

    /// The line amount a feed may leave out: quantity × unit_price − discount,
    /// exact; `money.overflow` (a reject on `field`) if it does not fit.
    public func lineAmount(quantity: ExactDecimal, unitPrice: ExactDecimal, discount: ExactDecimal?, field: String,
                           issues: inout [FieldIssue]) -> ExactDecimal? {
        if let gross = quantity.multiplied(by: unitPrice), let net = gross.subtracting(discount ?? .zero) { return net }
        issues.append(FieldIssue(field: field, value: "", rule: .moneyOverflow,
                                 message: "quantity × unit_price − discount does not fit", severity: .reject))
        return nil
    }

    public func country(_ b: UnsafeRawBufferPointer, field: String, issues: inout [FieldIssue]) -> CountryCode? {
        check(b, field, false, .warning, &issues) { CountryCode.parse($0) }
    }

    public func boolean(_ b: UnsafeRawBufferPointer, field: String, issues: inout [FieldIssue]) -> Bool? {
        check(b, field, false, .warning, &issues) { BooleanParser.parse($0) }
    }

    /// Lower-cased email, or nil (a warning when malformed).
    public func email(_ b: UnsafeRawBufferPointer, field: String, issues: inout [FieldIssue]) -> String? {
        check(b, field, false, .warning, &issues) { EmailNormalizer.normalize($0) }
    }

    /// E.164 phone; `country` is the record's own country when it has one.
    public func phone(_ b: UnsafeRawBufferPointer, field: String, country: CountryCode? = nil,
                      issues: inout [FieldIssue]) -> String? {
        let home = country ?? options.defaultCountry
        return check(b, field, false, .warning, &issues) { PhoneNormalizer.normalize($0, defaultCountry: home) }
    }

    @inline(__always)
    private func check<T>(
        _ bytes: UnsafeRawBufferPointer, _ field: String, _ required: Bool, _ severity: IssueSeverity,
        _ issues: inout [FieldIssue], _ parse: (UnsafeRawBufferPointer) -> Result<T, ParseFailure>
    ) -> T? {
        if ASCII.trimmed(bytes).isEmpty {
            if required { issues.append(missing(field, bytes)) }
            return nil
        }
        switch parse(bytes) {
        case .success(let v): return v
        case .failure(let f):
            issues.append(FieldIssue(field: field, bytes: bytes, failure: f, severity: severity))
            return nil
        }
    }

    private func missing(_ field: String, _ bytes: UnsafeRawBufferPointer) -> FieldIssue {
        FieldIssue(field: field, bytes: bytes, failure: ParseFailure(.requiredMissing, "required field is empty"),
                   severity: .reject)
    }
}
