/// The case rule email matching uses beyond ASCII: each code point's
/// Unicode lower-case mapping, without locale or context (so `İ` becomes
/// `i̇` and `ẞ` becomes `ß`; `ß` stays `ß`). For ASCII this is exactly the
/// A–Z → a–z rule addresses always had.
enum EmailCase {
    static func lowercased(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for c in text.unicodeScalars {
            if c.isASCII {
                out.append(Unicode.Scalar(ASCII.lower(UInt8(c.value))))
            } else {
                out.append(contentsOf: c.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// The local part's rule: lower-case, and the final sigma `ς` as `σ`, so
    /// an address written in Greek capitals matches its lower-case spelling.
    static func localPart(_ text: String) -> String {
        String(String.UnicodeScalarView(lowercased(text).unicodeScalars.map { $0.value == 0x03C2 ? "\u{03C3}" : $0 }))
    }
}
