import Pipeline
import XCTest

final class ExactDecimalParsingTests: XCTestCase {
    func testParsesAndKeepsWrittenScale() {
        let cases: [(String, Int64, Int, String)] = [
            ("19.99", 1999, 2, "19.99"), ("-0.50", -50, 2, "-0.50"), ("+3", 3, 0, "3"), ("0", 0, 0, "0"),
            (" 12.300 ", 12300, 3, "12.300"), (".5", 5, 1, "0.5"), ("5.", 5, 0, "5"), ("-0.00", 0, 2, "0.00"),
            ("000123.4", 1234, 1, "123.4"), ("922337203685477580.7", Int64.max, 1, "922337203685477580.7"),
            ("0.000000000000000001", 1, 18, "0.000000000000000001"),
        ]
        for (text, mantissa, scale, canonical) in cases {
            guard let d = value(ExactDecimal.parse(text)) else { continue }
            XCTAssertEqual(d.mantissa, mantissa, text)
            XCTAssertEqual(d.scale, scale, text)
            XCTAssertEqual(d.description, canonical, text)
        }
    }

    func testRejectsGarbageWithMoneyInvalid() {
        for text in ["", "  ", "abc", "12a", "1e5", "1E-2", "NaN", "nan", "Inf", "-Infinity", "--1", "+-1", "1-",
                     "1.2.3", ".", "-", "$12", "12 34", "1,5", "0x10", "١٢"] {
            XCTAssertEqual(rule(ExactDecimal.parse(text)), .moneyInvalid, "\(text)")
        }
    }

    func testOverflowHasItsOwnRule() {
        XCTAssertEqual(rule(ExactDecimal.parse("9999999999999999999")), .moneyOverflow)  // > Int64.max
        XCTAssertEqual(rule(ExactDecimal.parse("-9223372036854775808")), .moneyOverflow)
        XCTAssertEqual(rule(ExactDecimal.parse("1.0000000000000000000")), .moneyOverflow)  // 19 places
        XCTAssertEqual(rule(ExactDecimal.parse("123456789012345678901234567890")), .moneyOverflow)
        XCTAssertEqual(value(ExactDecimal.parse("-9223372036854775807"))?.mantissa, -Int64.max)
        XCTAssertNotNil(value(ExactDecimal.parse("999999999999999999")))  // 18 digits fit
        XCTAssertNotNil(value(ExactDecimal.parse("0000000000000000000001")))  // leading zeros are not significant
    }

    func testEuropeanFormat() {
        let eu = DecimalFormat.european
        XCTAssertEqual(value(ExactDecimal.parse("1.234.567,89", format: eu))?.description, "1234567.89")
        XCTAssertEqual(value(ExactDecimal.parse("1234,5", format: eu))?.description, "1234.5")
        XCTAssertEqual(value(ExactDecimal.parse("-0,99", format: eu))?.description, "-0.99")
        XCTAssertEqual(value(ExactDecimal.parse("12.345", format: eu))?.description, "12345")
        XCTAssertEqual(rule(ExactDecimal.parse("12.34", format: eu)), .moneyInvalid)  // group of 2
        XCTAssertEqual(rule(ExactDecimal.parse("1.2345,6", format: eu)), .moneyInvalid)
        XCTAssertEqual(rule(ExactDecimal.parse(".123,4", format: eu)), .moneyInvalid)
        XCTAssertEqual(rule(ExactDecimal.parse("1,2,3", format: eu)), .moneyInvalid)
    }

    func testThousandsSeparatorInStandardFormat() {
        let us = DecimalFormat(decimalSeparator: UInt8(ascii: "."), groupingSeparator: UInt8(ascii: ","))
        XCTAssertEqual(value(ExactDecimal.parse("1,234,567.01", format: us))?.description, "1234567.01")
        XCTAssertEqual(rule(ExactDecimal.parse("1,23.00", format: us)), .moneyInvalid)
        XCTAssertEqual(rule(ExactDecimal.parse("1234,567", format: us)), .moneyInvalid)
        XCTAssertEqual(rule(ExactDecimal.parse("1.234,5", format: us)), .moneyInvalid)
    }

    func testParsesFromRawBytesWithoutStrings() {
        let bytes: [UInt8] = Array("x42.10y".utf8)
        bytes.withUnsafeBytes { raw in
            let field = UnsafeRawBufferPointer(rebasing: raw[1..<6])
            XCTAssertEqual(value(ExactDecimal.parse(field))?.description, "42.10")
        }
    }

    func testLosslessStringRoundTrip() {
        for text in ["0.01", "-12345.678", "100", "0.10"] {
            XCTAssertEqual(ExactDecimal(text)?.description, text)
        }
        XCTAssertNil(ExactDecimal("1e3"))
    }

    func testAppendTextWritesCanonicalBytes() {
        var buffer = Array("a=".utf8)
        decimal("-7.05").appendText(to: &buffer)
        XCTAssertEqual(String(decoding: buffer, as: UTF8.self), "a=-7.05")
    }

    func testQuantities() {
        XCTAssertEqual(value(QuantityParser.parse("2"))?.description, "2")
        XCTAssertEqual(value(QuantityParser.parse("2.0"))?.description, "2.0")
        XCTAssertEqual(value(QuantityParser.parse("1.5"))?.description, "1.5")
        XCTAssertEqual(value(QuantityParser.parse("0,250", format: .european))?.description, "0.250")
        for bad in ["0", "0.00", "-1", "abc", "1.2345", "", "NaN"] {
            XCTAssertEqual(rule(QuantityParser.parse(bad)), .quantityInvalid, bad)
        }
        XCTAssertEqual(value(QuantityParser.parse("-1", allowNegative: true))?.description, "-1")
    }
}
