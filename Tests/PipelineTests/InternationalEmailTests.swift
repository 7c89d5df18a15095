import Foundation
import Pipeline
import XCTest

/// Internationalised addresses (RFC 6531/6532 local parts, IDNA 2008
/// domains): real-world spellings from several scripts, the one normalised
/// form they match on, and the malformed ones that stay `email.invalid`.
/// Expected A-labels were computed apart from this code (Python's punycode codec).
/// Results are compared as UTF-8 bytes: Swift's `==` on String treats NFC and
/// NFD spellings as equal, the database does not.
final class InternationalEmailTests: XCTestCase {
    /// The normalised address as bytes, or nil (failing the test) when invalid.
    func normalized(_ address: String, file: StaticString = #filePath, line: UInt = #line) -> [UInt8]? {
        value(EmailNormalizer.normalize(address), file: file, line: line).map { Array($0.utf8) }
    }

    func testAddressesFromSeveralScripts() {
        let cases: [(String, String)] = [
            ("Léa.Müller@example.fr", "léa.müller@example.fr"),
            ("zoë.walker@example.co.uk", "zoë.walker@example.co.uk"),
            ("François.Lefèvre@Exemple.FR", "françois.lefèvre@exemple.fr"),
            ("ΕΛΈΝΗ.Παπαδοπούλου@example.gr", "ελένη.παπαδοπούλου@example.gr"),
            ("Анна.Иванова@почта.рф", "анна.иванова@xn--80a1acny.xn--p1ai"),
            ("王伟@例え.jp", "王伟@xn--r8jz45g.jp"),
            ("山田太郎@日本語.jp", "山田太郎@xn--wgv71a119e.jp"),
            ("김민준@한국.kr", "김민준@xn--3e0b707e.kr"),
            ("محمد.علي@مثال.com", "محمد.علي@xn--mgbh0fb.com"),
            ("דוד.כהן@דוגמה.co.il", "דוד.כהן@xn--6dbbec0c.co.il"),
            ("अनिल.शर्मा@उदाहरण.in", "अनिल.शर्मा@xn--p1b6ci4b4b3a.in"),
            ("info@straße.de", "info@xn--strae-oqa.de"),
            ("info@col·legi.cat", "info@xn--collegi-xma.cat"),
            ("kontakt@bücher.example.de", "kontakt@xn--bcher-kva.example.de"),
            ("o'brien+crm@例え.jp", "o'brien+crm@xn--r8jz45g.jp"),
            ("mail@example.中国", "mail@example.xn--fiqs8s"),
        ]
        for (input, expected) in cases {
            XCTAssertEqual(normalized(input), Array(expected.utf8), input)
        }
    }

    func testOneFormForEverySpellingOfTheSameAddress() {
        let groups: [[String]] = [
            // Composed, decomposed (NFD) and capitalised local parts; IDN domain in
            // Unicode, in upper case and as an A-label in any case.
            ["léa.müller@müller.de", "le\u{301}a.mu\u{308}ller@müller.de", "LÉA.MÜLLER@MÜLLER.DE",
             "  Léa.Müller@xn--mller-kva.de ", "léa.müller@XN--MLLER-KVA.DE", "léa.müller@mu\u{308}ller.de"],
            // Hangul syllables and their conjoining jamo.
            ["김민준@한국.kr", "\u{1100}\u{1175}\u{11B7}\u{1106}\u{1175}\u{11AB}\u{110C}\u{116E}\u{11AB}@\u{1112}\u{1161}\u{11AB}\u{1100}\u{116E}\u{11A8}.kr",
             "김민준@xn--3e0b707e.KR"],
            // Greek capitals, and the final sigma matched as sigma.
            ["σοφίας@example.gr", "ΣΟΦΊΑΣ@example.gr", "Σοφίας@EXAMPLE.GR"],
            // Ideographic and full-width full stops separate labels.
            ["taro@例え.jp", "taro@例え。jp", "taro@例え．jp", "TARO@xn--r8jz45g.jp"],
            // ASCII addresses keep their rule: trimmed and lower-cased.
            ["anna.schmidt@example.de", " Anna.Schmidt@Example.DE "],
            // `xn--` in a local part is only text.
            ["xn--anna@example.com", "XN--Anna@Example.COM"],
        ]
        for group in groups {
            let forms = Set(group.map { normalized($0) ?? Array("invalid: \($0)".utf8) })
            XCTAssertEqual(forms.count, 1, "\(group) → \(forms)")
        }
    }

    func testDifferentAddressesStayDifferent() {
        let distinct = ["lea.muller@example.fr", "léa.müller@example.fr", "strauss@example.de", "strauß@example.de",
                        "anna@example.ru", "\u{0430}nna@example.ru",  // Cyrillic а
                        "info@strasse.de", "info@straße.de", "info@muller.de", "info@müller.de"]
        let forms = distinct.compactMap { normalized($0) }
        XCTAssertEqual(forms.count, distinct.count)
        XCTAssertEqual(Set(forms).count, distinct.count)
    }

    func testMalformedInternationalAddresses() {
        let bad: [String] = [
            // Bad Punycode: truncated, a character no digit, a non-canonical (decomposed)
            // and an upper-case U-label, an A-label ending in a hyphen, an empty one.
            "lea@xn--mller-kv.de", "lea@xn--mller-kva!.de", "lea@xn--muller-xyd.de", "lea@xn--mller-2pa.de",
            "lea@xn--abc-.de", "lea@xn--.de",
            // Labels too long (67 characters as an A-label; 64 ASCII) and a long local part (66 bytes).
            "lea@" + String(repeating: "ü", count: 60) + ".de", "lea@" + String(repeating: "a", count: 64) + ".de",
            String(repeating: "ü", count: 33) + "@example.de",
            // Hyphens: leading, trailing, and -- in positions 3 and 4 of a U-label.
            "lea@-müller.de", "lea@müller-.de", "lea@ab--ü.de",
            // Characters a domain cannot hold: underscore, emoji, full-width letters,
            // a symbol, a leading combining mark, a middle dot not between two l.
            "lea@mü_ller.de", "lea@ex😀ample.com", "lea@ｅｘａｍｐｌｅ.com", "lea@bücher★.de", "lea@\u{301}a.de",
            "lea@a·b.cat",
            // The Bidi rule: Latin inside an Arabic label, Arabic-Indic digits in a Latin one.
            "lea@مثالabc.com", "lea@abc١.com",
            // Control, invisible format and private-use characters in the local part.
            "lé\u{0007}a@example.fr", "léa\u{0085}@example.fr", "lé\u{200B}a@example.fr", "léa\u{202E}@example.fr",
            "léa\u{E000}@example.fr", "léa\u{FEFF}@example.fr",
            // Spaces of every kind.
            "léa müller@example.fr", "léa\u{00A0}müller@example.fr", "léa\u{3000}müller@example.fr", "lea@mü ller.de",
            // The ASCII rules still hold.
            "léa@@example.fr", "léa@example", "léa@例え", ".léa@example.fr", "léa.@example.fr", "lé..a@example.fr",
            "léa@example.c0m", "@müller.de", "léa@", "léa",
        ]
        for address in bad {
            XCTAssertEqual(rule(EmailNormalizer.normalize(address)), .emailInvalid, address)
        }
    }

    func testBytesThatAreNotUTF8() {
        let cases: [[UInt8]] = [
            Array("l".utf8) + [0xED, 0xA0, 0x80] + Array("@example.de".utf8),  // an unpaired (UTF-16) surrogate
            Array("l".utf8) + [0xC3, 0x28] + Array("@example.de".utf8),  // a truncated sequence
            Array("lea@m".utf8) + [0xFC] + Array("ller.de".utf8),  // Latin-1 ü
        ]
        for bytes in cases {
            let result = bytes.withUnsafeBytes { EmailNormalizer.normalize($0) }
            XCTAssertEqual(rule(result), .emailInvalid, "\(bytes)")
        }
    }

    func testIdentityResolutionJoinsSpellingsOfOneAddressOnly() {
        var resolver = IdentityResolver()
        func resolve(_ system: String, _ id: String, _ email: String) -> (String, IdentityResolver.MatchRule) {
            let key = IdentityResolver.SourceKey(system: system, id: id)
            // Keys as the database holds them: bytes (a Swift String key would equate NFC and NFD by itself).
            let email = normalized(email).map { $0.map { String(format: "%02x", $0) }.joined() }
            let result = resolver.resolve(key, email: email, phone: nil)
            return (result.customerID, result.rule)
        }
        XCTAssertEqual(resolve("web", "1", "zoë.walker@bücher.de").1, .new)
        XCTAssertEqual(resolve("store", "7", "  ZOE\u{308}.Walker@XN--BCHER-KVA.DE ").0, "web:1")
        XCTAssertEqual(resolve("store", "7", "  ZOE\u{308}.Walker@XN--BCHER-KVA.DE ").1, .source)
        XCTAssertEqual(resolve("callcenter", "3", "zoë.walker@bu\u{308}cher.de").1, .email)
        XCTAssertEqual(resolve("web", "2", "zoe.walker@bücher.de").1, .new)
        XCTAssertEqual(resolve("web", "3", "zoë.walker@bucher.de").1, .new)
    }

    func testByteAPIAppendsTheNormalisedForm() {
        var out = Array("x;".utf8)
        "  Zoë.Walker@Bücher.DE ".withRawBytes { XCTAssertNil(EmailNormalizer.normalize($0, into: &out)) }
        "zoë@xn--mller-kv.de".withRawBytes { XCTAssertNotNil(EmailNormalizer.normalize($0, into: &out)) }
        XCTAssertEqual(out, Array("x;zoë.walker@xn--bcher-kva.de".utf8))
    }
}
