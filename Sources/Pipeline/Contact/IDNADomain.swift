import Foundation

/// An email domain in its ASCII form for matching (IDNA 2008, RFC 5890–5893).
///
/// Labels are split at `.` and at the ideographic and full-width full stops
/// (U+3002, U+FF0E, U+FF61). An ASCII label is lower-cased and must be
/// letters, digits and inner hyphens; one starting `xn--` must also be a
/// valid A-label (canonical Punycode of a valid U-label). A non-ASCII label
/// is lower-cased and NFC-normalised, checked as a U-label (RFC 5892 code
/// points and context rules, no `--` in positions 3–4, no leading combining
/// mark) and written as `xn--` + Punycode. The whole domain must satisfy
/// the Bidi rule (RFC 5893), have two labels or more, a top-level label of
/// 2+ letters or an A-label, labels of 1–63 and 253 characters at most.
enum IDNADomain {
    static func ascii(_ domain: [Unicode.Scalar]) -> Result<String, ParseFailure> {
        guard !domain.isEmpty else { return .failure(ParseFailure(.emailInvalid, "empty domain")) }
        let parts = domain.split(omittingEmptySubsequences: false) { [0x2E, 0x3002, 0xFF0E, 0xFF61].contains($0.value) }
        var asciiLabels: [String] = []
        var unicodeLabels: [[Unicode.Scalar]] = []
        for part in parts {
            switch label(Array(part)) {
            case .failure(let f): return .failure(f)
            case .success(let (asciiLabel, unicodeLabel)):
                asciiLabels.append(asciiLabel)
                unicodeLabels.append(unicodeLabel)
            }
        }
        guard asciiLabels.count >= 2 else { return .failure(ParseFailure(.emailInvalid, "domain has no dot")) }
        let top = asciiLabels[asciiLabels.count - 1]
        guard top.hasPrefix("xn--") || (top.count >= 2 && top.utf8.allSatisfy { ASCII.isLetter($0) }) else {
            return .failure(ParseFailure(.emailInvalid, "top-level domain must be 2+ letters"))
        }
        guard IDNABidiRule.allows(unicodeLabels) else {
            return .failure(ParseFailure(.emailInvalid, "domain mixes right-to-left and left-to-right text (IDNA Bidi rule)"))
        }
        let result = asciiLabels.joined(separator: ".")
        guard result.utf8.count <= 253 else { return .failure(ParseFailure(.emailInvalid, "domain longer than 253 characters")) }
        return .success(result)
    }

    /// One label's ASCII form and its Unicode code points.
    private static func label(_ scalars: [Unicode.Scalar]) -> Result<(String, [Unicode.Scalar]), ParseFailure> {
        guard !scalars.isEmpty else { return .failure(ParseFailure(.emailInvalid, "empty or long domain label")) }
        if scalars.allSatisfy(\.isASCII) {
            let lower = String(String.UnicodeScalarView(scalars)).lowercased()
            if let f = checkLDH(lower) { return .failure(f) }
            guard lower.hasPrefix("xn--") else { return .success((lower, Array(lower.unicodeScalars))) }
            return aLabel(lower).map { (lower, $0) }
        }
        let text = String(String.UnicodeScalarView(scalars)).precomposedStringWithCanonicalMapping
        let folded = Array(EmailCase.lowercased(text).precomposedStringWithCanonicalMapping.unicodeScalars)
        if let f = checkULabel(folded) { return .failure(f) }
        guard let encoded = Punycode.encode(folded) else {
            return .failure(ParseFailure(.emailInvalid, "domain label cannot be encoded"))
        }
        let ascii = "xn--" + encoded
        guard ascii.utf8.count <= 63 else { return .failure(ParseFailure(.emailInvalid, "empty or long domain label")) }
        return .success((ascii, folded))
    }

    /// Letters, digits and inner hyphens, 1–63 characters (the ASCII rule).
    private static func checkLDH(_ label: String) -> ParseFailure? {
        let bytes = Array(label.utf8)
        guard bytes.count <= 63 else { return ParseFailure(.emailInvalid, "empty or long domain label") }
        for b in bytes where !(ASCII.isLetter(b) || ASCII.isDigit(b) || b == UInt8(ascii: "-")) {
            return ParseFailure(.emailInvalid, ASCII.isSpace(b) ? "contains a space" : "invalid character in domain")
        }
        guard bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else {
            return ParseFailure(.emailInvalid, "domain label starts or ends with a hyphen")
        }
        return nil
    }

    /// The U-label an `xn--` label stands for, when it is a valid A-label.
    private static func aLabel(_ label: String) -> Result<[Unicode.Scalar], ParseFailure> {
        let encoded = label.utf8.dropFirst(4)
        guard let decoded = Punycode.decode(encoded), decoded.contains(where: { !$0.isASCII }) else {
            return .failure(ParseFailure(.emailInvalid, "invalid punycode in domain label"))
        }
        guard Punycode.encode(decoded) == String(decoding: encoded, as: UTF8.self) else {
            return .failure(ParseFailure(.emailInvalid, "invalid punycode in domain label"))
        }
        let text = String(String.UnicodeScalarView(decoded))
        guard text.precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual(decoded) else {
            return .failure(ParseFailure(.emailInvalid, "domain label is not in NFC"))
        }
        if let f = checkULabel(decoded) { return .failure(f) }
        return .success(decoded)
    }

    /// The U-label checks of RFC 5891 section 5.4 on lower-cased NFC code points.
    private static func checkULabel(_ label: [Unicode.Scalar]) -> ParseFailure? {
        guard label.first != "-", label.last != "-" else {
            return ParseFailure(.emailInvalid, "domain label starts or ends with a hyphen")
        }
        if label.count >= 4, label[2] == "-", label[3] == "-" {
            return ParseFailure(.emailInvalid, "domain label has -- in positions 3 and 4")
        }
        switch label[0].properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return ParseFailure(.emailInvalid, "domain label starts with a combining mark")
        default: break
        }
        for (i, c) in label.enumerated() {
            switch IDNACodePoints.category(c) {
            case .pvalid: continue
            case .contextJ, .contextO:
                if IDNACodePoints.contextAllows(label, at: i) { continue }
                return ParseFailure(.emailInvalid, "character not allowed at its place in a domain (IDNA context rule)")
            case .disallowed:
                if c.properties.isWhitespace { return ParseFailure(.emailInvalid, "contains a space") }
                return ParseFailure(.emailInvalid, "character not allowed in a domain (IDNA 2008)")
            }
        }
        return nil
    }
}
