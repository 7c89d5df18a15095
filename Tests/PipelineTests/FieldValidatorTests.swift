import Dispatch
import Pipeline
import XCTest

final class FieldValidatorTests: XCTestCase {
    let validator = FieldValidator(options: FieldOptions(
        decimalFormat: .european, timestamps: TimestampParser(timeZone: "Europe/Berlin")!,
        defaultCountry: CountryCode.parse("DE").successValue!))

    /// Runs `body` on the bytes of `text` as a loader would.
    func with<T>(_ text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        var s = text
        return s.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    func testValidFieldsProduceValuesAndNoIssues() {
        var issues: [FieldIssue] = []
        XCTAssertEqual(with("1.234,50") { validator.money($0, field: "unit_price", required: true, issues: &issues) }?.description,
                       "1234.50")
        XCTAssertEqual(with("1,5") { validator.quantity($0, field: "quantity", issues: &issues) }?.description, "1.5")
        XCTAssertEqual(with("2024-07-01 12:00") { validator.timestamp($0, field: "ordered_at", issues: &issues) },
                       1_719_828_000_000_000)
        XCTAssertEqual(with("Anna@Example.com") { validator.email($0, field: "email", issues: &issues) }, "anna@example.com")
        XCTAssertEqual(with("030 1234567") { validator.phone($0, field: "phone", issues: &issues) }, "+49301234567")
        let gb = CountryCode.parse("GB").successValue!
        XCTAssertEqual(with("020 7946 0958") { validator.phone($0, field: "phone", country: gb, issues: &issues) },
                       "+442079460958")
        XCTAssertEqual(with("7") { validator.integer($0, field: "line_no", issues: &issues) }, 7)
        XCTAssertEqual(with("EUR") { validator.currency($0, field: "currency", issues: &issues) }, .eur)
        XCTAssertEqual(issues, [])
    }

    func testEmptyOptionalFieldIsNilWithoutIssue() {
        var issues: [FieldIssue] = []
        XCTAssertNil(with("  ") { validator.money($0, field: "discount", issues: &issues) })
        XCTAssertNil(with("") { validator.email($0, field: "email", issues: &issues) })
        XCTAssertEqual(issues, [])
    }

    func testRequiredAndMeasureFailuresAreRejects() {
        var issues: [FieldIssue] = []
        _ = with("") { validator.money($0, field: "unit_price", required: true, issues: &issues) }
        _ = with(" ") { validator.required($0, field: "order_id", issues: &issues) }
        _ = with("12.5x") { validator.money($0, field: "discount", issues: &issues) }
        _ = with("0") { validator.quantity($0, field: "quantity", issues: &issues) }
        _ = with("31.02.2024") { validator.timestamp($0, field: "ordered_at", issues: &issues) }
        _ = with("EURO") { validator.currency($0, field: "currency", issues: &issues) }
        _ = with("2.5") { validator.integer($0, field: "line_no", issues: &issues) }
        XCTAssertEqual(issues.map(\.rule), [.requiredMissing, .requiredMissing, .moneyInvalid, .quantityInvalid,
                                            .timestampInvalid, .currencyUnknown, .integerInvalid])
        XCTAssertTrue(issues.allSatisfy { $0.severity == .reject })
        XCTAssertEqual(issues[2], FieldIssue(field: "discount", value: "12.5x", rule: .moneyInvalid,
                                             message: "not a decimal number", severity: .reject))
    }

    func testDefaultLineAmount() {
        var issues: [FieldIssue] = []
        XCTAssertEqual(validator.lineAmount(quantity: decimal("1.5"), unitPrice: decimal("3.99"), discount: decimal("0.50"),
                                            field: "amount", issues: &issues)?.description, "5.485")
        XCTAssertEqual(validator.lineAmount(quantity: decimal("2"), unitPrice: decimal("9.99"), discount: nil,
                                            field: "amount", issues: &issues)?.description, "19.98")
        XCTAssertNil(validator.lineAmount(quantity: decimal("9000000000"), unitPrice: decimal("9000000000.00"), discount: nil,
                                          field: "amount", issues: &issues))
        XCTAssertEqual(issues.map(\.rule), [.moneyOverflow])
    }

    func testPostgresEpochs() {
        XCTAssertEqual(PostgresEpoch.date(fromUnixDays: DateParser().parse("2000-01-01").successValue!), 0)
        XCTAssertEqual(PostgresEpoch.date(fromUnixDays: DateParser().parse("1999-12-31").successValue!), -1)
        XCTAssertEqual(PostgresEpoch.timestamp(fromUnixMicroseconds: TimestampParser().parse("2000-01-01T00:00:01Z").successValue!),
                       1_000_000)
    }

    func testParsersAreSafeToShareAcrossThreads() {
        let parser = TimestampParser(timeZone: "America/Chicago")!
        let results = UnsafeMutableBufferPointer<Int64>.allocate(capacity: 8)
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            // Building rules for a new zone from several threads at once exercises the shared cache.
            _ = ZoneRules(identifier: ["Asia/Tokyo", "Europe/Paris"][i % 2])
            results[i] = parser.parse("2024-07-04 12:00:00").successValue!
        }
        XCTAssertEqual(Set(results), [1_720_112_400_000_000])
    }

    func testBadOptionalAttributesAreWarnings() {
        var issues: [FieldIssue] = []
        XCTAssertNil(with("anna(at)example.com") { validator.email($0, field: "email", issues: &issues) })
        XCTAssertNil(with("n/a") { validator.phone($0, field: "phone", issues: &issues) })
        XCTAssertNil(with("Narnia") { validator.country($0, field: "country", issues: &issues) })
        XCTAssertNil(with("perhaps") { validator.boolean($0, field: "opt_in", issues: &issues) })
        XCTAssertEqual(issues.map(\.rule), [.emailInvalid, .phoneInvalid, .countryUnknown, .booleanInvalid])
        XCTAssertTrue(issues.allSatisfy { $0.severity == .warning })
        XCTAssertEqual(issues[0].value, "anna(at)example.com")

        var record = RecordIssues(location: RecordLocation(feed: "contacts", file: "contacts.csv", line: 12), issues: issues)
        XCTAssertFalse(record.isRejected)
        record.issues.append(FieldIssue(field: "customer_id", value: "", rule: .requiredMissing, message: "m", severity: .reject))
        XCTAssertTrue(record.isRejected)
        XCTAssertEqual(record.rejects.count, 1)
        XCTAssertEqual(record.warnings.count, 4)
        XCTAssertEqual(record.location.description, "contacts contacts.csv:12")
    }
}
