/// Normalizes phone numbers to E.164 ("+4930123456").
///
/// Separators (space, '-', '.', '/', parentheses) and a bracketed trunk
/// "(0)" ("+44 (0)20 7946 0958") are dropped. Then:
/// - a leading '+' or the international prefix "00" (also "011" when the
///   default country is in the North American plan) means the digits start
///   with a calling code, which must be a known one;
/// - otherwise the number is national to `defaultCountry`: its trunk prefix
///   ("0" in Germany or the UK, "8" in Russia, "1" in North America) is
///   dropped and the country's calling code put in front.
/// North American numbers must have 10 national digits; others at least 6
/// (so "12345" is never a number; the few territories with 4-5 digit
/// numbers, e.g. Saint Helena, are not supported). Every result has at most
/// 15 digits (E.164). Letters (including "ext" / "x"
/// extensions) are rejected: the warehouse keeps one dialable number.
public enum PhoneNormalizer {
    public static func normalize(
        _ bytes: UnsafeRawBufferPointer, defaultCountry: CountryCode, into output: inout [UInt8]
    ) -> ParseFailure? {
        let t = ASCII.trimmed(bytes)
        guard !t.isEmpty else { return ParseFailure(.phoneInvalid, "empty phone") }
        // Up to 20 digits on the stack; anything longer is not a phone number.
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0
        var plus = false
        var i = 0
        while i < t.count {
            let b = t[i]
            defer { i += 1 }
            if ASCII.isDigit(b) {
                guard count < 20 else { return ParseFailure(.phoneInvalid, "too many digits") }
                withUnsafeMutableBytes(of: &digits) { $0[count] = b }
                count += 1
            } else if b == UInt8(ascii: "+"), i == 0 {
                plus = true
            } else if b == UInt8(ascii: "("), i + 2 < t.count, t[i + 1] == 0x30, t[i + 2] == UInt8(ascii: ")") {
                // "+49 (0)30 1234567": the bracketed trunk 0 is not dialled from abroad.
                i += 2
            } else if !(b == 0x20 || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "/")
                || b == UInt8(ascii: "(") || b == UInt8(ascii: ")"))
            {
                return ParseFailure(.phoneInvalid, ASCII.isLetter(b) ? "letters or extension" : "invalid character")
            }
        }
        return withUnsafeBytes(of: &digits) { raw in
            let d = UnsafeRawBufferPointer(rebasing: raw[0..<count])
            return finish(d, plus: plus, country: defaultCountry, into: &output)
        }
    }

    public static func normalize(_ bytes: UnsafeRawBufferPointer, defaultCountry: CountryCode) -> Result<String, ParseFailure> {
        var out: [UInt8] = []
        if let f = normalize(bytes, defaultCountry: defaultCountry, into: &out) { return .failure(f) }
        return .success(String(decoding: out, as: UTF8.self))
    }

    public static func normalize(_ text: String, defaultCountry: CountryCode) -> Result<String, ParseFailure> {
        text.withRawUTF8 { normalize($0, defaultCountry: defaultCountry) }
    }

    private static func finish(
        _ d: UnsafeRawBufferPointer, plus: Bool, country: CountryCode, into output: inout [UInt8]
    ) -> ParseFailure? {
        let cc = country.callingCode
        var international: UnsafeRawBufferPointer
        var prefix = 0  // calling code to put in front of a national number
        if plus {
            international = d
        } else if d.count > 2, d[0] == 0x30, d[1] == 0x30 {
            international = UnsafeRawBufferPointer(rebasing: d[2...])
        } else if cc == 1, d.count > 3, d[0] == 0x30, d[1] == 0x31, d[2] == 0x31 {
            international = UnsafeRawBufferPointer(rebasing: d[3...])
        } else {
            var national = d
            if let trunk = country.trunkPrefix, national.first == trunk {
                national = UnsafeRawBufferPointer(rebasing: national[1...])
            } else if cc == 1, national.count == 11, national.first == 0x31 {
                national = UnsafeRawBufferPointer(rebasing: national[1...])
            }
            international = national
            prefix = cc
        }
        // Write "+" and the digits straight into the output, check them
        // there, and take them back out if they are not a number.
        let start = output.count
        output.append(UInt8(ascii: "+"))
        if prefix > 0 {
            if prefix >= 100 { output.append(UInt8(prefix / 100) + 0x30) }
            if prefix >= 10 { output.append(UInt8(prefix / 10 % 10) + 0x30) }
            output.append(UInt8(prefix % 10) + 0x30)
        }
        output.append(contentsOf: international)
        if let failure = check(output[(start + 1)...]) {
            output.removeSubrange(start...)
            return failure
        }
        return nil
    }

    /// Length and calling-code checks on the full E.164 digits.
    private static func check(_ full: ArraySlice<UInt8>) -> ParseFailure? {
        let total = full.count
        guard total >= 7 else { return ParseFailure(.phoneInvalid, "too few digits") }
        guard total <= 15 else { return ParseFailure(.phoneInvalid, "more than 15 digits (E.164)") }
        // Identify the calling code of the full number (1 to 3 digits).
        var callingCode = -1
        var codeLength = 0
        var value = 0
        for length in 1...3 {
            value = value * 10 + Int(full[full.startIndex + length - 1] &- 0x30)
            if CountryRegistry.shared.callingCodes.contains(value) {
                callingCode = value
                codeLength = length
                break
            }
        }
        guard callingCode > 0 else { return ParseFailure(.phoneInvalid, "unknown country calling code") }
        let nationalCount = total - codeLength
        if callingCode == 1 {
            guard nationalCount == 10 else { return ParseFailure(.phoneInvalid, "North American numbers have 10 digits") }
            guard full[full.startIndex + 1] >= 0x32 else { return ParseFailure(.phoneInvalid, "invalid North American area code") }
        }
        guard nationalCount >= 6 else { return ParseFailure(.phoneInvalid, "too few digits") }
        return nil
    }

}
