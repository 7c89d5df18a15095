/// JSON strings: the scan that finds the closing quote, and unescaping.
extension JSONObjectParser {
    /// Parses the string at `p` (on its opening quote). Returns its value as a
    /// field-store span: a view of the input when it has no escapes, else the
    /// unescaped bytes in scratch (when `keep`; otherwise only validated).
    func parseString(keep: Bool) throws -> (start: Int, length: Int) {
        let open = p
        p += 1
        let contentStart = p
        var segmentStart = p
        var scratchStart = -1
        while true {
            // Fast scan: plain bytes are everything but '"', '\' and controls.
            p = Self.stringStop(buffer, from: p, end: end)
            guard p < end else { throw SyntaxError(offset: open, message: "string not closed") }
            let byte = buffer[p]
            if byte == UInt8(ascii: "\"") {
                p += 1
                if scratchStart < 0 { return (contentStart, p - 1 - contentStart) }
                if keep { store.appendToScratch(buffer + segmentStart, count: p - 1 - segmentStart) }
                return (-(scratchStart + 1), store.scratchCount - scratchStart)
            }
            if byte < 0x20 {
                throw SyntaxError(offset: p, message: "control character \(UTF8Validation.hexByte(byte)) inside a string must be escaped")
            }
            // Backslash escape.
            if scratchStart < 0 { scratchStart = store.scratchCount }
            if keep { store.appendToScratch(buffer + segmentStart, count: p - segmentStart) }
            guard p + 1 < end else { throw SyntaxError(offset: open, message: "string not closed") }
            let escaped = buffer[p + 1]
            p += 2
            switch escaped {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                if keep { store.appendToScratch(escaped) }
            case UInt8(ascii: "b"): if keep { store.appendToScratch(8) }
            case UInt8(ascii: "f"): if keep { store.appendToScratch(12) }
            case UInt8(ascii: "n"): if keep { store.appendToScratch(10) }
            case UInt8(ascii: "r"): if keep { store.appendToScratch(13) }
            case UInt8(ascii: "t"): if keep { store.appendToScratch(9) }
            case UInt8(ascii: "u"):
                let scalar = try parseUnicodeEscape()
                if keep { appendUTF8(scalar) }
            default:
                throw SyntaxError(offset: p - 2, message: "invalid escape '\\\(Character(Unicode.Scalar(escaped)))' in a string")
            }
            segmentStart = p
        }
    }

    /// The first '"', '\\' or control byte in [from, end), or `end`; eight
    /// bytes at a time, since most strings have none until their closing quote.
    @inline(__always)
    static func stringStop(_ buffer: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let quotes = ones &* UInt64(UInt8(ascii: "\""))
        let backslashes = ones &* UInt64(UInt8(ascii: "\\"))
        var p = from
        let raw = UnsafeRawPointer(buffer)
        while p &+ 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
            let quote = word ^ quotes
            let backslash = word ^ backslashes
            // Exact zero-byte tests for '"' and '\\'; bytes below 0x20 via the
            // borrow trick, whose lowest hit is exact (false hits only above it).
            let mask = ~(((quote & low7) &+ low7) | quote | low7)
                | ~(((backslash & low7) &+ low7) | backslash | low7)
                | ((word &- ones &* 0x20) & ~word & high)
            if mask != 0 { return p &+ (mask.trailingZeroBitCount &>> 3) }
            p &+= 8
        }
        while p < end {
            let byte = buffer[p]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return p }
            p &+= 1
        }
        return p
    }

    /// After `\u`: four hex digits, joined with a following `\uDC00`–`\uDFFF`
    /// when they are a high surrogate. Unpaired surrogates cannot be UTF-8 and
    /// are an error.
    private func parseUnicodeEscape() throws -> UInt32 {
        let escapeStart = p - 2
        let first = try hex4()
        if first >= 0xDC00 && first <= 0xDFFF {
            throw SyntaxError(offset: escapeStart, message: "unpaired low surrogate \\u\(hexString(first))")
        }
        guard first >= 0xD800 && first <= 0xDBFF else { return first }
        guard p + 1 < end, buffer[p] == UInt8(ascii: "\\"), buffer[p + 1] == UInt8(ascii: "u") else {
            throw SyntaxError(offset: escapeStart, message: "high surrogate \\u\(hexString(first)) not followed by a low surrogate")
        }
        p += 2
        let second = try hex4()
        guard second >= 0xDC00 && second <= 0xDFFF else {
            throw SyntaxError(offset: escapeStart, message: "high surrogate \\u\(hexString(first)) followed by \\u\(hexString(second)), not a low surrogate")
        }
        return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
    }

    private func hex4() throws -> UInt32 {
        guard p + 4 <= end else { throw SyntaxError(offset: p, message: "\\u escape needs four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = buffer[p]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw SyntaxError(offset: p, message: "\\u escape needs four hex digits")
            }
            value = value << 4 | digit
            p += 1
        }
        return value
    }

    private func hexString(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    private func appendUTF8(_ scalar: UInt32) {
        if scalar < 0x80 {
            store.appendToScratch(UInt8(scalar))
        } else if scalar < 0x800 {
            store.appendToScratch(UInt8(0xC0 | (scalar >> 6)))
            store.appendToScratch(UInt8(0x80 | (scalar & 0x3F)))
        } else if scalar < 0x10000 {
            store.appendToScratch(UInt8(0xE0 | (scalar >> 12)))
            store.appendToScratch(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            store.appendToScratch(UInt8(0x80 | (scalar & 0x3F)))
        } else {
            store.appendToScratch(UInt8(0xF0 | (scalar >> 18)))
            store.appendToScratch(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            store.appendToScratch(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            store.appendToScratch(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
