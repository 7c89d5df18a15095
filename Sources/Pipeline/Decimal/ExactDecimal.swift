/// An exact decimal number: `mantissa × 10^-scale`.
///
/// Money, quantities and exchange rates travel as this type from the feed
/// text to the COPY encoder; nothing on that path goes through `Double`.
/// The scale written in the file is kept ("19.90" stays two places), so the
/// canonical text and the PostgreSQL `numeric` display scale round-trip.
///
/// The mantissa is limited to ±`Int64.max` (every 18-digit number fits)
/// and the scale to 0...18; arithmetic that would leave that range returns
/// `nil` so callers can report `money.overflow` instead of trapping.
public struct ExactDecimal: Sendable {
    /// The largest supported scale (digits after the decimal point).
    public static let maxScale = 18

    /// The unscaled integer value; never `Int64.min`.
    public let mantissa: Int64
    /// Digits after the decimal point, 0...18.
    public let scale: Int

    /// Creates `mantissa × 10^-scale`, or nil when out of range.
    public init?(mantissa: Int64, scale: Int) {
        guard mantissa != .min, (0...ExactDecimal.maxScale).contains(scale) else { return nil }
        self.mantissa = mantissa
        self.scale = scale
    }

    @usableFromInline
    init(unchecked mantissa: Int64, scale: Int) {
        self.mantissa = mantissa
        self.scale = scale
    }

    /// An integer value with scale 0.
    public init(_ integer: Int64) {
        precondition(integer != .min, "ExactDecimal excludes Int64.min")
        self.init(unchecked: integer, scale: 0)
    }

    public static let zero = ExactDecimal(unchecked: 0, scale: 0)
    public static let one = ExactDecimal(unchecked: 1, scale: 0)

    public var isZero: Bool { mantissa == 0 }
    public var isNegative: Bool { mantissa < 0 }

    /// -1, 0 or 1.
    public var signum: Int { mantissa < 0 ? -1 : (mantissa > 0 ? 1 : 0) }

    /// The value with its sign flipped (total: the mantissa is never `Int64.min`).
    public var negated: ExactDecimal { ExactDecimal(unchecked: -mantissa, scale: scale) }

    /// The same value with trailing fractional zeros removed ("1.500" → "1.5").
    public var normalized: ExactDecimal {
        var m = mantissa
        var s = scale
        while s > 0, m % 10 == 0 {
            m /= 10
            s -= 1
        }
        return ExactDecimal(unchecked: m, scale: s)
    }

    /// The integer part when the value has no fractional part.
    public var exactInteger: Int64? {
        let n = normalized
        return n.scale == 0 ? n.mantissa : nil
    }
}

/// Powers of ten that fit `UInt64` (10^0 ... 10^19).
@usableFromInline
let powersOfTen: [UInt64] = {
    var table: [UInt64] = [1]
    for _ in 1...19 { table.append(table.last! * 10) }
    return table
}()

extension ExactDecimal: CustomStringConvertible, LosslessStringConvertible {
    /// Canonical text: optional '-', integer digits, and exactly `scale`
    /// fractional digits ("19.99", "-0.50", "3"). Zero is never negative.
    public var description: String {
        var buffer = [UInt8]()
        buffer.reserveCapacity(24)
        appendText(to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends the canonical text to a byte buffer (what CSV and COPY text
    /// writers use, without an intermediate String).
    public func appendText(to buffer: inout [UInt8]) {
        if mantissa < 0 { buffer.append(UInt8(ascii: "-")) }
        var rest = mantissa.magnitude
        var digitCount = 1
        while digitCount < 20, rest >= powersOfTen[digitCount] { digitCount += 1 }
        let shown = max(digitCount, scale + 1)
        let width = shown + (scale > 0 ? 1 : 0)
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var i = start + width - 1
        for position in 0..<shown {
            if position == scale, scale > 0 {
                buffer[i] = UInt8(ascii: ".")
                i -= 1
            }
            buffer[i] = UInt8(truncatingIfNeeded: rest % 10) + 0x30
            rest /= 10
            i -= 1
        }
    }

    /// Parses canonical text ('.' separator, no grouping).
    public init?(_ description: String) {
        guard case .success(let value) = ExactDecimal.parse(description) else { return nil }
        self = value
    }
}
