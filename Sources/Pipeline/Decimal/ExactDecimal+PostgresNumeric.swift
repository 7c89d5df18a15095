extension ExactDecimal {
    /// Appends PostgreSQL's binary `numeric` representation (the payload of a
    /// binary COPY field, without its length prefix): int16 ndigits, int16
    /// weight, uint16 sign (0x0000 or 0x4000), int16 dscale, then ndigits
    /// base-10000 digits, all big-endian — the layout of `numeric_send` in
    /// PostgreSQL's `utils/adt/numeric.c`. The display scale is `scale`, so
    /// "19.90" is stored as 19.90, not 19.9.
    public func appendPostgresNumericBinary(to buffer: inout [UInt8]) {
        let fractionGroups = (scale + 3) / 4
        let pad = fractionGroups * 4 - scale
        // mantissa × 10^pad aligns the decimal point on a base-10000 boundary.
        var value = Wide.multiply((0, mantissa.magnitude), by: powersOfTen[pad])!
        var groups: [Int16] = []  // least significant first
        groups.reserveCapacity(8)
        while value.high != 0 || value.low != 0 {
            let (q, r) = Wide.divide(value, by: 10_000)
            groups.append(Int16(r))
            value = q
        }
        // Weight of the most significant group, then drop zero groups at both ends.
        var weight = groups.count - 1 - fractionGroups
        while let last = groups.last, last == 0 {
            groups.removeLast()
            weight -= 1
        }
        var lowest = 0
        while lowest < groups.count, groups[lowest] == 0 { lowest += 1 }
        let digits = groups[lowest...].reversed()
        func append16(_ v: Int) {
            let u = UInt16(truncatingIfNeeded: v)
            buffer.append(UInt8(u >> 8))
            buffer.append(UInt8(u & 0xFF))
        }
        append16(digits.count)
        append16(digits.isEmpty ? 0 : weight)
        append16(mantissa < 0 ? 0x4000 : 0)
        append16(scale)
        for d in digits { append16(Int(d)) }
    }
}
