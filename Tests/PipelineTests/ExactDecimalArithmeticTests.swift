import Pipeline
import XCTest

final class ExactDecimalArithmeticTests: XCTestCase {
    func testLineAmountIsQuantityTimesPriceMinusDiscount() {
        let amount = decimal("3").multiplied(by: decimal("19.99"))!.subtracting(decimal("5.00"))!
        XCTAssertEqual(amount.description, "54.97")
        XCTAssertEqual(decimal("1.5").multiplied(by: decimal("3.99"))!.description, "5.985")
        XCTAssertEqual(decimal("0.1").adding(decimal("0.2"))!.description, "0.3")
        XCTAssertEqual(decimal("1").subtracting(decimal("0.01"))!.description, "0.99")
        XCTAssertEqual(decimal("-2.5").multiplied(by: decimal("-2"))!.description, "5.0")
    }

    func testOverflowReturnsNil() {
        let big = decimal("9000000000000000000")
        XCTAssertNil(big.multiplied(by: decimal("10")))
        XCTAssertNil(big.adding(big))
        XCTAssertNil(big.negated.subtracting(big))
        XCTAssertNil(decimal("1.000000001").multiplied(by: decimal("1.0000000001")))  // 19 places
        // Trailing zeros are dropped when that makes the exact product fit.
        XCTAssertEqual(decimal("2.000000000").multiplied(by: decimal("1.5000000000"))!.description, "3.0")
        XCTAssertNil(decimal("0.000000001").rescaled(upTo: 19))
    }

    func testRoundingHalfEvenAndHalfUp() {
        let cases: [(String, String, String)] = [  // value, half-even, half-up at 2 places
            ("2.345", "2.34", "2.35"), ("2.355", "2.36", "2.36"), ("-2.345", "-2.34", "-2.35"),
            ("2.3451", "2.35", "2.35"), ("2.344999", "2.34", "2.34"), ("0.005", "0.00", "0.01"),
            ("7", "7.00", "7.00"), ("-0.015", "-0.02", "-0.02"),
        ]
        for (v, even, up) in cases {
            XCTAssertEqual(decimal(v).rounded(toScale: 2, rule: .halfEven)?.description, even, v)
            XCTAssertEqual(decimal(v).rounded(toScale: 2, rule: .halfUp)?.description, up, v)
        }
    }

    func testMultiplyByRateRoundsOnce() {
        // 100.00 EUR × 1.08425 = 108.425 → 108.42 (half-even) / 108.43 (half-up).
        XCTAssertEqual(decimal("100.00").multiplied(by: decimal("1.08425"), roundingToScale: 2)?.description, "108.42")
        XCTAssertEqual(decimal("100.00").multiplied(by: decimal("1.08425"), roundingToScale: 2, rule: .halfUp)?.description,
                       "108.43")
        XCTAssertEqual(decimal("-19.99").multiplied(by: decimal("0.8571"), roundingToScale: 2)?.description, "-17.13")
        // A 128-bit intermediate: the plain product would overflow 64 bits.
        let result = decimal("9999999999.99").multiplied(by: decimal("1.2345678901234"), roundingToScale: 2)
        XCTAssertEqual(result?.description, "12345678901.22")
        XCTAssertNil(decimal("999999999999999999").multiplied(by: decimal("10"), roundingToScale: 0))
        XCTAssertNotNil(decimal("99999999999999999").multiplied(by: decimal("10"), roundingToScale: 0))
        XCTAssertEqual(decimal("2").multiplied(by: decimal("3"), roundingToScale: 4)?.description, "6.0000")
        // A tie only visible below 19 dropped digits must still round up.
        let tiny = decimal("0.500000000000000001").multiplied(by: decimal("1.00000000000000000"), roundingToScale: 0)
        XCTAssertEqual(tiny?.description, "1")
    }

    func testComparisonIsNumericAcrossScales() {
        XCTAssertEqual(decimal("1.50"), decimal("1.5"))
        XCTAssertEqual(decimal("1.50").hashValue, decimal("1.5").hashValue)
        XCTAssertLessThan(decimal("-0.01"), decimal("0"))
        XCTAssertLessThan(decimal("19.989"), decimal("19.99"))
        XCTAssertGreaterThan(decimal("999999999999999999"), decimal("0.000000000000000001"))
        XCTAssertLessThan(decimal("-999999999999999999"), decimal("-0.5"))
        XCTAssertEqual([decimal("2"), decimal("-1.5"), decimal("0.25")].sorted().map(\.description), ["-1.5", "0.25", "2"])
    }

    func testNegateNormalizeAndIntegers() {
        XCTAssertEqual(decimal("0.50").negated.description, "-0.50")
        XCTAssertEqual(decimal("-3").negated.description, "3")
        XCTAssertEqual(decimal("1.500").normalized.description, "1.5")
        XCTAssertEqual(decimal("2.0").exactInteger, 2)
        XCTAssertNil(decimal("2.5").exactInteger)
        XCTAssertNil(ExactDecimal(mantissa: .min, scale: 0))
        XCTAssertNil(ExactDecimal(mantissa: 1, scale: 19))
    }

    func testPostgresNumericBinary() {
        func encode(_ text: String) -> [Int] {
            var buffer: [UInt8] = []
            decimal(text).appendPostgresNumericBinary(to: &buffer)
            return stride(from: 0, to: buffer.count, by: 2).map { Int(Int16(bitPattern: UInt16(buffer[$0]) << 8 | UInt16(buffer[$0 + 1]))) }
        }
        // ndigits, weight, sign, dscale, digits...
        XCTAssertEqual(encode("19.99"), [2, 0, 0, 2, 19, 9900])
        XCTAssertEqual(encode("-0.50"), [1, -1, 0x4000, 2, 5000])
        XCTAssertEqual(encode("0"), [0, 0, 0, 0])
        XCTAssertEqual(encode("0.00"), [0, 0, 0, 2])
        XCTAssertEqual(encode("10000"), [1, 1, 0, 0, 1])
        XCTAssertEqual(encode("123456789.0123"), [4, 2, 0, 4, 1, 2345, 6789, 123])
        XCTAssertEqual(encode("0.000000000000000001"), [1, -5, 0, 18, 100])
        XCTAssertEqual(encode("922337203685477580.7"), [6, 4, 0, 1, 92, 2337, 2036, 8547, 7580, 7000])
    }

    /// Every encoding decodes (as numeric_recv reads it) to the same number
    /// with the same scale, across magnitudes, scales and signs.
    func testPostgresNumericBinaryDecodesToTheSameValue() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20_000 {
            let digits = round % 19 + 1
            var mantissa = Int64.random(in: 0..<Int64(pow(10.0, Double(min(digits, 18)))), using: &generator)
            if round % 3 == 0 { mantissa = -mantissa }
            let scale = round % 19
            let value = ExactDecimal(mantissa: mantissa, scale: scale)!
            var buffer: [UInt8] = []
            value.appendPostgresNumericBinary(to: &buffer)
            let words = stride(from: 0, to: buffer.count, by: 2).map { Int(Int16(bitPattern: UInt16(buffer[$0]) << 8 | UInt16(buffer[$0 + 1]))) }
            XCTAssertEqual(words.count, 4 + words[0])
            XCTAssertEqual(words[3], scale)
            // Σ digit × 10000^(weight − i), scaled by 10^scale, must give the mantissa back.
            var unscaled: Decimal = 0
            for (index, digit) in words[4...].enumerated() {
                let exponent = 4 * (words[1] - index) + scale
                unscaled += Decimal(digit) * pow(Decimal(10), exponent)
            }
            XCTAssertTrue(words[4...].allSatisfy { (0..<10_000).contains($0) })
            XCTAssertEqual(words[2] == 0x4000 ? -unscaled : unscaled, Decimal(mantissa), "\(value)")
        }
    }
}
