import Foundation

/// Addresses with non-ASCII characters (SMTPUTF8, RFC 6531/6532) or an
/// `xn--` domain label, normalised for matching.
///
/// The input must be valid UTF-8 (an unpaired surrogate is not). The local
/// part may hold, beside the ASCII characters addresses always allowed, any
/// non-ASCII letter, mark, digit, punctuation or symbol; control and
/// invisible format characters, spaces of any kind, private-use, unassigned
/// and non-characters are invalid. It is NFC-normalised and lower-cased
/// (EmailCase.localPart) and must fit 64 UTF-8 bytes. The domain is written
/// in its ASCII form (IDNADomain); the whole address fits 254 bytes.
enum InternationalEmail {
    static func normalize(_ bytes: UnsafeRawBufferPointer) -> Result<String, ParseFailure> {
        guard let text = String(validating: bytes, as: UTF8.self) else { return fail("not valid UTF-8") }
        let scalars = Array(text.unicodeScalars)
        var at = -1
        for (i, c) in scalars.enumerated() where c == "@" {
            guard at < 0 else { return fail("more than one @") }
            at = i
        }
        guard at > 0 else { return fail(at == 0 ? "empty local part" : "no @") }
        if let f = checkLocal(scalars[..<at]) { return .failure(f) }
        let nfc = String(String.UnicodeScalarView(scalars[..<at])).precomposedStringWithCanonicalMapping
        let local = EmailCase.localPart(nfc).precomposedStringWithCanonicalMapping
        guard local.utf8.count <= 64 else { return fail("local part longer than 64 characters") }
        switch IDNADomain.ascii(Array(scalars[(at + 1)...])) {
        case .failure(let f):
            return .failure(f)
        case .success(let domain):
            let address = local + "@" + domain
            guard address.utf8.count <= 254 else { return fail("longer than 254 characters") }
            return .success(address)
        }
    }

    private static func checkLocal(_ local: ArraySlice<Unicode.Scalar>) -> ParseFailure? {
        var previousDot = true  // a leading dot counts as doubled
        for c in local {
            if c == "." {
                if previousDot { return ParseFailure(.emailInvalid, "misplaced dot in local part") }
                previousDot = true
                continue
            }
            previousDot = false
            if c.isASCII {
                let b = UInt8(c.value)
                guard EmailNormalizer.isAtext(b) else {
                    if ASCII.isSpace(b) { return ParseFailure(.emailInvalid, "contains a space") }
                    return ParseFailure(.emailInvalid, b < 0x20 || b == 0x7F
                                        ? "control character in local part" : "invalid character in local part")
                }
                continue
            }
            switch c.properties.generalCategory {
            case .control:
                return ParseFailure(.emailInvalid, "control character in local part")
            case .format:
                return ParseFailure(.emailInvalid, "invisible format character in local part")
            case .spaceSeparator, .lineSeparator, .paragraphSeparator:
                return ParseFailure(.emailInvalid, "contains a space")
            case .surrogate, .privateUse, .unassigned:
                return ParseFailure(.emailInvalid, "invalid character in local part")
            default:
                if c.properties.isNoncharacterCodePoint {
                    return ParseFailure(.emailInvalid, "invalid character in local part")
                }
            }
        }
        return previousDot ? ParseFailure(.emailInvalid, "misplaced dot in local part") : nil
    }

    private static func fail(_ message: String) -> Result<String, ParseFailure> {
        .failure(ParseFailure(.emailInvalid, message))
    }
}
