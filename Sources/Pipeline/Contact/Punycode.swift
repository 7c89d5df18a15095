/// Punycode (RFC 3492): the Bootstring encoding IDNA uses to write a
/// Unicode domain label in letters, digits and hyphens (after `xn--`).
///
/// Both directions work on Unicode scalar values and fail (nil) instead of
/// overflowing, as section 6.4 asks. Encoded digits are lower-case; basic
/// (ASCII) code points keep their case.
public enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700
    private static let initialBias = 72, initialN = 0x80
    /// The largest value the arithmetic may reach (RFC 3492 uses maxint of a 32-bit integer).
    private static let maxInt = Int(Int32.max)

    /// The Punycode form of `input` (without the `xn--` prefix), or nil when
    /// a delta overflows.
    public static func encode(_ input: [Unicode.Scalar]) -> String? {
        var output: [UInt8] = []
        for c in input where c.value < 0x80 { output.append(UInt8(c.value)) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append(UInt8(ascii: "-")) }
        var n = initialN, delta = 0, bias = initialBias
        while handled < input.count {
            // The smallest code point not handled yet.
            var m = maxInt
            for c in input where Int(c.value) >= n && Int(c.value) < m { m = Int(c.value) }
            guard (m - n) <= (maxInt - delta) / (handled + 1) else { return nil }
            delta += (m - n) * (handled + 1)
            n = m
            for c in input {
                let value = Int(c.value)
                if value < n {
                    delta += 1
                    guard delta <= maxInt else { return nil }
                }
                guard value == n else { continue }
                var q = delta
                var k = base
                while true {
                    let t = threshold(k, bias)
                    if q < t { break }
                    output.append(digit(t + (q - t) % (base - t)))
                    q = (q - t) / (base - t)
                    k += base
                }
                output.append(digit(q))
                bias = adapt(delta, points: handled + 1, first: handled == basicCount)
                delta = 0
                handled += 1
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The code points `input` (without `xn--`) encodes, or nil when it is not
    /// valid Punycode: a non-basic character, a bad digit, a truncated number,
    /// an overflow, or a decoded value that is basic, a surrogate or beyond U+10FFFF.
    public static func decode<Bytes: Collection<UInt8>>(_ input: Bytes) -> [Unicode.Scalar]? {
        let bytes = Array(input)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let delimiter = bytes.lastIndex(of: UInt8(ascii: "-"))
        var output: [Unicode.Scalar] = (delimiter.map { bytes[..<$0] } ?? []).map { Unicode.Scalar($0) }
        var position = delimiter.map { $0 + 1 } ?? 0
        var n = initialN, i = 0, bias = initialBias
        while position < bytes.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard position < bytes.count, let d = value(of: bytes[position]) else { return nil }
                position += 1
                guard d <= (maxInt - i) / w else { return nil }
                i += d * w
                let t = threshold(k, bias)
                if d < t { break }
                guard w <= maxInt / (base - t) else { return nil }
                w *= base - t
                k += base
            }
            let count = output.count + 1
            bias = adapt(i - oldI, points: count, first: oldI == 0)
            guard i / count <= maxInt - n else { return nil }
            n += i / count
            i %= count
            guard n >= 0x80, let scalar = Unicode.Scalar(UInt32(exactly: n) ?? 0xD800) else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        return output
    }

    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
    }

    private static func adapt(_ delta: Int, points: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / points
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    /// 0–25 → a–z, 26–35 → 0–9.
    private static func digit(_ d: Int) -> UInt8 {
        d < 26 ? UInt8(ascii: "a") + UInt8(d) : UInt8(ascii: "0") + UInt8(d - 26)
    }

    private static func value(of b: UInt8) -> Int? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(b - UInt8(ascii: "0")) + 26
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(b - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(b - UInt8(ascii: "A"))
        default: return nil
        }
    }
}
