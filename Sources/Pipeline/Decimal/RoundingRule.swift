/// How a result with too many fractional digits is brought to its scale.
public enum RoundingRule: String, Sendable, Hashable, CaseIterable {
    /// Ties go to the even neighbour (2.345 → 2.34, 2.355 → 2.36): no upward
    /// drift when many converted amounts are summed; the default for FX.
    case halfEven
    /// Ties go away from zero (2.345 → 2.35, -2.345 → -2.35): the
    /// "commercial" rounding of invoices and PostgreSQL's `round(numeric)`.
    case halfUp
}

/// Unsigned 128-bit helpers built on the standard full-width operations, so
/// no `Int128` availability is required.
@usableFromInline
enum Wide {
    typealias U128 = (high: UInt64, low: UInt64)

    /// `value / divisor` and the remainder.
    static func divide(_ value: U128, by divisor: UInt64) -> (quotient: U128, remainder: UInt64) {
        let qHigh = value.high / divisor
        let r = value.high % divisor
        let (qLow, rem) = divisor.dividingFullWidth((r, value.low))
        return ((qHigh, qLow), rem)
    }

    static func multiply(_ value: U128, by factor: UInt64) -> U128? {
        let low = value.low.multipliedFullWidth(by: factor)
        let high = value.high.multipliedReportingOverflow(by: factor)
        guard !high.overflow else { return nil }
        let sum = high.partialValue.addingReportingOverflow(low.high)
        return sum.overflow ? nil : (sum.partialValue, low.low)
    }

    /// Divides by 10^digits (any count) with the given rounding; `nil` if the
    /// rounded quotient does not fit below `Int64.max`.
    static func scaleDown(_ value: U128, digits: Int, rule: RoundingRule) -> UInt64? {
        var v = value
        var sticky = false  // a nonzero digit was dropped below the rounding digit
        var remaining = digits
        while remaining > 19 {
            let (q, r) = divide(v, by: powersOfTen[19])
            sticky = sticky || r != 0
            v = q
            remaining -= 19
        }
        let divisor = powersOfTen[remaining]
        let (q, r) = divide(v, by: divisor)
        guard q.high == 0 else { return nil }
        var result = q.low
        if remaining > 0 {
            let half = divisor / 2
            let roundUp: Bool
            if r > half || (r == half && sticky) {
                roundUp = true
            } else if r == half {
                roundUp = rule == .halfUp || result & 1 == 1
            } else {
                roundUp = false
            }
            if roundUp { result += 1 }
        }
        return result <= UInt64(Int64.max) ? result : nil
    }
}
