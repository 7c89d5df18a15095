import Pipeline
import XCTest

final class ContactFieldTests: XCTestCase {
    func testEmailNormalization() {
        XCTAssertEqual(value(EmailNormalizer.normalize("  Anna.Schmidt@Example.DE ")), "anna.schmidt@example.de")
        XCTAssertEqual(value(EmailNormalizer.normalize("o'brien+crm@mail.co.uk")), "o'brien+crm@mail.co.uk")
        XCTAssertEqual(value(EmailNormalizer.normalize("x@sub-domain.example.museum")), "x@sub-domain.example.museum")
    }

    func testInvalidEmails() {
        for bad in ["", "plainaddress", "@example.com", "anna@", "anna@@example.com", "an na@example.com",
                    "anna@example", "anna@example.c", "anna@example.c0m", ".anna@example.com", "anna.@example.com",
                    "an..na@example.com", "anna@-example.com", "anna@example-.com", "anna@exa_mple.com",
                    "anna@example..com", "anna@.example.com", "\"anna\"@example.com", "anna@[10.0.0.1]",
                    "anna@example.com,bob@example.com",
                    String(repeating: "a", count: 65) + "@example.com"] {
            XCTAssertEqual(rule(EmailNormalizer.normalize(bad)), .emailInvalid, bad)
        }
    }

    func testPhoneNumbersOfSeveralCountries() {
        let de = CountryCode.parse("DE").successValue!, us = CountryCode.parse("US").successValue!
        let gb = CountryCode.parse("GB").successValue!, it = CountryCode.parse("IT").successValue!
        let fr = CountryCode.parse("FR").successValue!, ru = CountryCode.parse("RU").successValue!
        let cases: [(String, CountryCode, String)] = [
            ("030 1234567", de, "+49301234567"), ("+49 (0)30 1234567", de, "+49301234567"), ("+44 (0)20 7946 0958", us, "+442079460958"),
            ("0049 30 1234567", de, "+49301234567"), ("+49-30-1234567", de, "+49301234567"),
            ("(212) 555-0123", us, "+12125550123"), ("212.555.0123", us, "+12125550123"), ("1-212-555-0123", us, "+12125550123"),
            ("+1 212 555 0123", de, "+12125550123"), ("011 49 30 1234567", us, "+49301234567"),
            ("020 7946 0958", gb, "+442079460958"), ("+44 20 7946 0958", us, "+442079460958"),
            ("06 1234 5678", it, "+390612345678"),  // Italy keeps its leading 0
            ("01 23 45 67 89", fr, "+33123456789"), ("8 495 123-45-67", ru, "+74951234567"),
        ]
        for (text, country, expected) in cases {
            XCTAssertEqual(value(PhoneNormalizer.normalize(text, defaultCountry: country)), expected, text)
        }
    }

    func testInvalidPhones() {
        let us = CountryCode.parse("US").successValue!
        let de = CountryCode.parse("DE").successValue!
        XCTAssertEqual(rule(PhoneNormalizer.normalize("12345", defaultCountry: de)), .phoneInvalid)
        XCTAssertEqual(rule(PhoneNormalizer.normalize("+49 12345", defaultCountry: de)), .phoneInvalid)
        XCTAssertEqual(value(PhoneNormalizer.normalize("+49 123456", defaultCountry: de)), "+49123456")
        for bad in ["", "12345", "555-0123", "(212) 555-01234", "+1 112 555 0123", "212-555-0123 ext 4", "call me",
                    "+999 1234 5678", "+49 30 1234567890123", "++49301234567", "49+301234567", "#2125550123"] {
            XCTAssertEqual(rule(PhoneNormalizer.normalize(bad, defaultCountry: us)), .phoneInvalid, bad)
        }
    }

    func testByteAPIAppendsOnlyOnSuccess() {
        let us = CountryCode.parse("US").successValue!
        var out = Array("x;".utf8)
        "(212) 555-0123".withRawBytes { XCTAssertNil(PhoneNormalizer.normalize($0, defaultCountry: us, into: &out)) }
        "555-0123".withRawBytes { XCTAssertNotNil(PhoneNormalizer.normalize($0, defaultCountry: us, into: &out)) }
        " A@B.example ".withRawBytes { XCTAssertNil(EmailNormalizer.normalize($0, into: &out)) }
        "bad@".withRawBytes { XCTAssertNotNil(EmailNormalizer.normalize($0, into: &out)) }
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "x;+12125550123a@b.example")
    }

    func testCountries() {
        for (text, expected) in [("de", "DE"), (" DEU ", "DE"), ("Germany", "DE"), ("deutschland", "DE"),
                                 ("United Kingdom", "GB"), ("uk", "GB"), ("GBR", "GB"), ("USA", "US"), ("us", "US"),
                                 ("United States of America", "US"), ("u.s.a.", "US"), ("Côte d'Ivoire", "CI"),
                                 ("Ivory Coast", "CI"), ("Holland", "NL"), ("ÅLAND ISLANDS", "AX")] {
            XCTAssertEqual(value(CountryCode.parse(text))?.alpha2, expected, text)
        }
        for bad in ["", "XX", "ZZZ", "Atlantis", "E"] {
            XCTAssertEqual(rule(CountryCode.parse(bad)), .countryUnknown, bad)
        }
        XCTAssertEqual(CountryCode.all.count, 249)
        XCTAssertEqual(CountryCode.parse("DE").successValue?.callingCode, 49)
        XCTAssertEqual(CountryCode.parse("CA").successValue?.callingCode, 1)
        XCTAssertTrue(CountryCode.all.allSatisfy { $0.callingCode > 0 })
    }

    func testCurrencies() {
        XCTAssertEqual(value(CurrencyCode.parse(" eur "))?.code, "EUR")
        XCTAssertEqual(value(CurrencyCode.parse("JPY")), CurrencyCode("JPY"))
        for bad in ["", "EURO", "€", "XYZ", "US", "DEM", "E1R"] {
            XCTAssertEqual(rule(CurrencyCode.parse(bad)), .currencyUnknown, bad)
        }
        XCTAssertGreaterThan(CurrencyCode.all.count, 150)
        XCTAssertTrue(CurrencyCode.all.contains(.gbp))
    }

    func testBooleans() {
        for t in ["true", "TRUE", "yes", "Y", "1", "t", " T "] { XCTAssertEqual(value(BooleanParser.parse(t)), true, t) }
        for f in ["false", "No", "n", "0", "F"] { XCTAssertEqual(value(BooleanParser.parse(f)), false, f) }
        for bad in ["", "2", "maybe", "yess", "on"] { XCTAssertEqual(rule(BooleanParser.parse(bad)), .booleanInvalid, bad) }
    }

    func testInteractionTypes() {
        let cases: [(String, InteractionType)] = [
            ("sent", .sent), ("Opened", .opened), ("open", .opened), ("CLICK", .clicked), ("click-through", .clicked),
            ("response", .responded), ("phone call", .call), ("store_visit", .visit), ("complained", .complaint),
            ("opt-out", .unsubscribe), ("Unsubscribed", .unsubscribe),
        ]
        for (text, expected) in cases { XCTAssertEqual(value(InteractionType.parse(text)), expected, text) }
        for bad in ["", "bounce", "purchase", String(repeating: "x", count: 40)] {
            XCTAssertEqual(rule(InteractionType.parse(bad)), .interactionTypeUnknown, bad)
        }
    }
}

extension String {
    func withRawBytes<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        var s = self
        return s.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }
}

extension Result {
    var successValue: Success? { if case .success(let v) = self { return v } else { return nil } }
}
