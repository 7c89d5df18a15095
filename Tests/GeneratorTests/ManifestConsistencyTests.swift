import Generator
import Pipeline
import XCTest

/// The manifest must say exactly what the pipeline's rules find in the files.
final class ManifestConsistencyTests: XCTestCase {
    func testEveryPlantedIssueIsFoundAndNothingElse() throws {
        let manifest = GeneratedFeeds.manifest
        let validator = GeneratedFeeds.validation
        let found = Set(validator.found)
        let planted = Set(manifest.planted.map {
            ReferenceValidator.Found(file: $0.file, line: $0.line, field: $0.field, rule: $0.rule, severity: $0.severity)
        })
        XCTAssertEqual(found.count, validator.found.count, "one issue per bad row")
        XCTAssertEqual(found.subtracting(planted), [], "issues the manifest does not list (good records that are invalid)")
        XCTAssertEqual(planted.subtracting(found), [], "planted issues the pipeline does not find")
    }

    func testManyBadRecordsWithAnotherSeedAreAllFound() throws {
        let dir = GeneratedFeeds.temporaryDirectory("dense")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let manifest = try FeedGenerator(options: GeneratorOptions(
            customers: 500, transactions: 4000, outputDirectory: dir, seed: 99, badRatio: 0.03,
            endDay: Civil.parse("2025-06-30")!, historyYears: 2)).run()
        var validator = ReferenceValidator(directory: dir)
        try validator.validateAll()
        let planted = Set(manifest.planted.map {
            ReferenceValidator.Found(file: $0.file, line: $0.line, field: $0.field, rule: $0.rule, severity: $0.severity)
        })
        XCTAssertGreaterThan(planted.count, 100)
        XCTAssertEqual(Set(validator.found), planted)
        XCTAssertEqual(validator.found.count, planted.count)
    }

    func testNoBadRecordsWhenTheRatioIsZero() throws {
        let dir = GeneratedFeeds.temporaryDirectory("clean")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let manifest = try FeedGenerator(options: GeneratorOptions(
            customers: 300, transactions: 2000, outputDirectory: dir, seed: 3, badRatio: 0)).run()
        var validator = ReferenceValidator(directory: dir)
        try validator.validateAll()
        XCTAssertEqual(manifest.planted, [])
        XCTAssertEqual(validator.found, [])
    }

    func testPlantedValuesAreWhatTheFileHolds() throws {
        for issue in GeneratedFeeds.manifest.planted {
            let csv = GeneratedFeeds.csv(issue.file)
            let row = try XCTUnwrap(csv.rows.first { $0.line == issue.line })
            XCTAssertEqual(row.fields[csv.column(issue.field)], issue.value, "\(issue.file):\(issue.line)")
        }
    }

    func testEveryKindIsPlantedInEveryFile() {
        let manifest = GeneratedFeeds.manifest
        let rules = Dictionary(grouping: manifest.planted, by: \.file).mapValues { Set($0.map(\.rule)) }
        XCTAssertEqual(rules["transactions.csv"], ["required.missing", "money.invalid", "timestamp.invalid",
                                                   "currency.no_rate", "quantity.invalid"])
        XCTAssertEqual(rules["contacts.csv"], ["required.missing", "timestamp.invalid", "date.invalid", "email.invalid",
                                               "phone.invalid"])
        XCTAssertEqual(rules["interactions.csv"], ["required.missing", "timestamp.invalid", "interaction_type.unknown",
                                                   "group.unknown"])
        XCTAssertEqual(rules["products.csv"], ["required.missing", "money.invalid"])
        XCTAssertEqual(rules["campaigns.csv"], ["required.missing", "date.invalid", "money.invalid"])
        XCTAssertEqual(rules["fx_rates.csv"], ["required.missing", "money.invalid", "date.invalid"])
        let warnings = manifest.planted.filter { $0.severity == "warning" }
        XCTAssertTrue(warnings.allSatisfy { $0.field == "email" || $0.field == "phone" })
    }

    func testFileCountsMatchTheFiles() throws {
        let manifest = GeneratedFeeds.manifest
        let validator = GeneratedFeeds.validation
        XCTAssertEqual(Set(manifest.files.keys), Set(FeedGenerator.fileNames))
        for (name, expected) in manifest.files {
            let csv = GeneratedFeeds.csv(name)
            XCTAssertEqual(csv.rows.count, expected.records, name)
            let rejected = validator.rejectedRows[name, default: []].count
            XCTAssertEqual(rejected, expected.expectedRejects, name)
            XCTAssertEqual(expected.expectedLoaded, expected.records - rejected, name)
            XCTAssertEqual(validator.found.filter { $0.file == name && $0.severity == "warning" }.count,
                           expected.expectedWarnings, name)
            XCTAssertEqual(csv.header, expectedHeaders[name], name)
        }
        XCTAssertEqual(manifest.expectations.orderLines, manifest.files["transactions.csv"]!.expectedLoaded)
    }

    let expectedHeaders: [String: [String]] = [
        "products.csv": ["sku", "name", "category", "subcategory", "unit_cost"],
        "campaigns.csv": ["campaign_code", "name", "channel", "start_date", "end_date", "cost", "campaign_type"],
        "contacts.csv": ["customer_id", "source_system", "first_name", "last_name", "email", "phone", "city", "country",
                         "signup_date", "channel", "opt_in", "updated_at"],
        "transactions.csv": ["order_id", "line_no", "customer_id", "sku", "category", "quantity", "unit_price", "discount",
                             "amount", "currency", "ordered_at", "channel", "campaign_code", "status", "source_system"],
        "interactions.csv": ["interaction_id", "customer_id", "occurred_at", "type", "channel", "campaign_code", "outcome",
                             "source_system", "group"],
        "fx_rates.csv": ["rate_date", "currency", "rate_to_base"],
    ]

    func testManifestRoundTripsThroughJSON() throws {
        let read = try Manifest.read(from: GeneratedFeeds.directory + "/manifest.json")
        XCTAssertEqual(read.planted, GeneratedFeeds.manifest.planted)
        XCTAssertEqual(read.expectations.distinctCustomers, 3000)
        XCTAssertEqual(read.settings.endDate, "2026-10-31")
        XCTAssertEqual(read.settings.startDate, "2023-11-01")
    }
}
