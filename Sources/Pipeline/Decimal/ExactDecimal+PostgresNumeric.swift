extension ExactDecimal {
    /// Appends PostgreSQL's binary `numeric` representation (the payload of a
    /// binary COPY field, without its length prefix): int16 ndigits, int16
    /// weight, uint16 sign (0x0000 or 0x4000), int16 dscale, then ndigits
    /// base-10000 digits, all big-endian — the layout of `numeric_send` in
    /// PostgreSQL's `utils/adt/numeric.c`. The display scale is `scale`, so
    /// "19.90" is stored as 19.90, not 19.9. Works in 64-bit integers on the
    /// stack: it runs for every amount of every order line.
    public func appendPostgresNumericBinary(to buffer: inout [UInt8]) {
        let fractionGroups = (scale + 3) / 4
        let pad = fractionGroups * 4 - scale
        // The base-10000 groups of mantissa × 10^pad, least significant
        // first: the lowest group takes the last 4 - pad decimal digits.
        let magnitude = mantissa.magnitude
        let lowDivisor = powersOfTen[4 - pad]
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: 8) { groups in
            groups[0] = UInt16(magnitude % lowDivisor * powersOfTen[pad])
            var count = 1
            var rest = magnitude / lowDivisor
            while rest != 0 {
                groups[count] = UInt16(rest % 10_000)
                rest /= 10_000
                count += 1
            }
            // Weight of the most significant group, then drop zero groups at both ends.
            var weight = count - 1 - fractionGroups
            while count > 0 && groups[count - 1] == 0 {
                count -= 1
                weight -= 1
            }
            var lowest = 0
            while lowest < count && groups[lowest] == 0 { lowest += 1 }
            let digits = count - lowest
            Self.append16(digits, to: &buffer)
            Self.append16(digits == 0 ? 0 : weight, to: &buffer)
            Self.append16(mantissa < 0 ? 0x4000 : 0, to: &buffer)
            Self.append16(scale, to: &buffer)
            var index = count - 1
            while index >= lowest {
                Self.append16(Int(groups[index]), to: &buffer)
                index -= 1
            }
        }
    }

    @inline(__always)
    private static func append16(_ value: Int, to buffer: inout [UInt8]) {
        let bits = UInt16(truncatingIfNeeded: value)
        buffer.append(UInt8(bits >> 8))
        buffer.append(UInt8(bits & 0xFF))
    }
}
