/// Pragmatic email syntax check and normalization: the one form addresses
/// are stored in and matched on.
///
/// Accepted: `local@domain.tld` after trimming, compared lower-cased. The
/// local part is 1-64 of the RFC 5322 "atext" characters and dots (no
/// leading, trailing or doubled dot); the domain has at least two labels of
/// letters, digits and inner hyphens, and a top-level label of 2+ letters.
/// Internationalised addresses (non-ASCII local part, IDN domain, or an
/// `xn--` label) follow InternationalEmail: local part NFC and lower-cased,
/// domain in its ASCII (Punycode) form. Quoted local parts and IP-literal
/// domains are rejected: they are legal but in CRM feeds almost always typos.
public enum EmailNormalizer {
    /// Appends the normalized address to `output`, or returns the failure
    /// (appending nothing).
    public static func normalize(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) -> ParseFailure? {
        let t = ASCII.trimmed(bytes)
        guard !t.isEmpty else { return ParseFailure(.emailInvalid, "empty email") }
        if needsInternationalRules(t) {
            switch InternationalEmail.normalize(t) {
            case .success(let address):
                output.append(contentsOf: address.utf8)
                return nil
            case .failure(let f):
                return f
            }
        }
        guard t.count <= 254 else { return ParseFailure(.emailInvalid, "longer than 254 characters") }
        var at = -1
        for i in 0..<t.count where t[i] == UInt8(ascii: "@") {
            guard at < 0 else { return ParseFailure(.emailInvalid, "more than one @") }
            at = i
        }
        guard at > 0 else { return ParseFailure(.emailInvalid, at == 0 ? "empty local part" : "no @") }
        guard at <= 64 else { return ParseFailure(.emailInvalid, "local part longer than 64 characters") }
        if let f = checkLocal(UnsafeRawBufferPointer(rebasing: t[0..<at])) { return f }
        if let f = checkDomain(UnsafeRawBufferPointer(rebasing: t[(at + 1)...])) { return f }
        output.reserveCapacity(output.count + t.count)
        for b in t { output.append(ASCII.lower(b)) }
        return nil
    }

    /// The normalized address or the failure.
    public static func normalize(_ bytes: UnsafeRawBufferPointer) -> Result<String, ParseFailure> {
        var out: [UInt8] = []
        if let f = normalize(bytes, into: &out) { return .failure(f) }
        return .success(String(decoding: out, as: UTF8.self))
    }

    public static func normalize(_ text: String) -> Result<String, ParseFailure> {
        text.withRawUTF8 { normalize($0) }
    }

    /// Non-ASCII bytes, or an `xn--` (any case) that may start an A-label.
    private static func needsInternationalRules(_ t: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i < t.count {
            let b = t[i]
            if b >= 0x80 { return true }
            if i + 3 < t.count, ASCII.lower(b) == UInt8(ascii: "x"), ASCII.lower(t[i + 1]) == UInt8(ascii: "n"),
               t[i + 2] == UInt8(ascii: "-"), t[i + 3] == UInt8(ascii: "-") {
                return true
            }
            i += 1
        }
        return false
    }

    private static func checkLocal(_ p: UnsafeRawBufferPointer) -> ParseFailure? {
        var previousDot = true  // a leading dot counts as doubled
        for b in p {
            if b == UInt8(ascii: ".") {
                if previousDot { return ParseFailure(.emailInvalid, "misplaced dot in local part") }
                previousDot = true
                continue
            }
            previousDot = false
            guard isAtext(b) else {
                return ParseFailure(.emailInvalid, ASCII.isSpace(b) ? "contains a space" : "invalid character in local part")
            }
        }
        return previousDot ? ParseFailure(.emailInvalid, "misplaced dot in local part") : nil
    }

    private static func checkDomain(_ d: UnsafeRawBufferPointer) -> ParseFailure? {
        guard !d.isEmpty else { return ParseFailure(.emailInvalid, "empty domain") }
        var labels = 0
        var labelStart = 0
        var tldAllLetters = true
        var tldLength = 0
        for i in 0...d.count {
            if i == d.count || d[i] == UInt8(ascii: ".") {
                let length = i - labelStart
                guard length > 0, length <= 63 else { return ParseFailure(.emailInvalid, "empty or long domain label") }
                guard d[labelStart] != UInt8(ascii: "-"), d[i - 1] != UInt8(ascii: "-") else {
                    return ParseFailure(.emailInvalid, "domain label starts or ends with a hyphen")
                }
                labels += 1
                tldAllLetters = true
                tldLength = length
                for j in labelStart..<i where !ASCII.isLetter(d[j]) { tldAllLetters = false }
                labelStart = i + 1
                continue
            }
            let b = d[i]
            guard ASCII.isLetter(b) || ASCII.isDigit(b) || b == UInt8(ascii: "-") else {
                return ParseFailure(.emailInvalid, ASCII.isSpace(b) ? "contains a space" : "invalid character in domain")
            }
        }
        guard labels >= 2 else { return ParseFailure(.emailInvalid, "domain has no dot") }
        guard tldAllLetters, tldLength >= 2 else {
            return ParseFailure(.emailInvalid, "top-level domain must be 2+ letters")
        }
        return nil
    }

    /// RFC 5322 atext: letters, digits and !#$%&'*+-/=?^_`{|}~
    static func isAtext(_ b: UInt8) -> Bool {
        if ASCII.isLetter(b) || ASCII.isDigit(b) { return true }
        switch b {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
            UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
            UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
