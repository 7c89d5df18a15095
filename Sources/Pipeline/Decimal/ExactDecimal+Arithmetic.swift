extension ExactDecimal {
    /// `self` at a larger scale with the same value, or nil on overflow.
    public func rescaled(upTo newScale: Int) -> ExactDecimal? {
        guard newScale >= scale, newScale <= ExactDecimal.maxScale else { return nil }
        let factor = Int64(powersOfTen[newScale - scale])
        let (m, overflow) = mantissa.multipliedReportingOverflow(by: factor)
        return overflow || m == .min ? nil : ExactDecimal(unchecked: m, scale: newScale)
    }

    /// `self` rounded (or padded) to exactly `newScale` fractional digits.
    public func rounded(toScale newScale: Int, rule: RoundingRule = .halfEven) -> ExactDecimal? {
        guard (0...ExactDecimal.maxScale).contains(newScale) else { return nil }
        if newScale >= scale { return rescaled(upTo: newScale) }
        guard let m = Wide.scaleDown((0, mantissa.magnitude), digits: scale - newScale, rule: rule) else { return nil }
        return ExactDecimal(unchecked: mantissa < 0 ? -Int64(m) : Int64(m), scale: newScale)
    }

    /// Exact sum at the larger scale, or nil on overflow.
    public func adding(_ other: ExactDecimal) -> ExactDecimal? {
        let s = max(scale, other.scale)
        guard let a = rescaled(upTo: s), let b = other.rescaled(upTo: s) else { return nil }
        let (m, overflow) = a.mantissa.addingReportingOverflow(b.mantissa)
        return overflow || m == .min ? nil : ExactDecimal(unchecked: m, scale: s)
    }

    /// Exact difference at the larger scale, or nil on overflow.
    public func subtracting(_ other: ExactDecimal) -> ExactDecimal? {
        adding(other.negated)
    }

    /// Exact product (scale = sum of the scales), e.g. quantity × unit_price;
    /// nil when it needs more than 18 digits or 18 places.
    public func multiplied(by other: ExactDecimal) -> ExactDecimal? {
        let s = scale + other.scale
        let (m, overflow) = mantissa.multipliedReportingOverflow(by: other.mantissa)
        if !overflow, m != .min, s <= ExactDecimal.maxScale {
            return ExactDecimal(unchecked: m, scale: s)
        }
        // Trailing zeros may make an exact result fit ("2.000" × "1.5000").
        let a = normalized, b = other.normalized
        guard a.scale != scale || b.scale != other.scale else { return nil }
        return a.multiplied(by: b)
    }

    /// The product rounded to `resultScale` places: amount × fx rate →
    /// amount in base currency. Uses a 128-bit intermediate, so an 18-digit
    /// rate times any amount is safe as long as the result fits.
    public func multiplied(
        by other: ExactDecimal, roundingToScale resultScale: Int, rule: RoundingRule = .halfEven
    ) -> ExactDecimal? {
        guard (0...ExactDecimal.maxScale).contains(resultScale) else { return nil }
        let product = mantissa.magnitude.multipliedFullWidth(by: other.mantissa.magnitude)
        var wide: Wide.U128 = (product.high, product.low)
        let productScale = scale + other.scale
        var m: UInt64
        if resultScale >= productScale {
            guard let up = Wide.multiply(wide, by: powersOfTen[resultScale - productScale]),
                up.high == 0, up.low <= UInt64(Int64.max)
            else { return nil }
            wide = up
            m = up.low
        } else {
            guard let down = Wide.scaleDown(wide, digits: productScale - resultScale, rule: rule) else { return nil }
            m = down
        }
        let negative = (mantissa < 0) != (other.mantissa < 0)
        return ExactDecimal(unchecked: negative ? -Int64(m) : Int64(m), scale: resultScale)
    }
}

extension ExactDecimal: Comparable, Hashable {
    /// Numeric comparison across scales ("1.50" == "1.5").
    public static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { compare(lhs, rhs) < 0 }
    public static func == (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool { compare(lhs, rhs) == 0 }

    /// Hashes the normalized value so equal numbers hash alike.
    public func hash(into hasher: inout Hasher) {
        let n = normalized
        hasher.combine(n.mantissa)
        hasher.combine(n.scale)
    }

    /// -1, 0 or 1; exact even when aligning scales would overflow 64 bits.
    public static func compare(_ a: ExactDecimal, _ b: ExactDecimal) -> Int {
        if a.scale == b.scale { return a.mantissa < b.mantissa ? -1 : (a.mantissa > b.mantissa ? 1 : 0) }
        let s = max(a.scale, b.scale)
        let wa = a.mantissa.multipliedFullWidth(by: Int64(powersOfTen[s - a.scale]))
        let wb = b.mantissa.multipliedFullWidth(by: Int64(powersOfTen[s - b.scale]))
        if wa.high != wb.high { return wa.high < wb.high ? -1 : 1 }
        return wa.low < wb.low ? -1 : (wa.low > wb.low ? 1 : 0)
    }
}
