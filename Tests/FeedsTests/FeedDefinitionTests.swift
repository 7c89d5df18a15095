import Yams
import XCTest
@testable import Feeds

final class FeedDefinitionTests: XCTestCase {
    let shopOrders = """
        name: shop_orders
        kind: transactions
        format: csv
        delimiter: ";"
        quote: "'"
        escape: backslash
        header: true
        skip_lines: 1
        null: ["", "\\\\N", "n/a"]
        trim: true
        encoding: windows-1252
        mapping:
          order_id: Bestellnummer
          customer_id: Kunde
          unit_price: Preis
          ordered_at: Datum
          campaign_code: promo.code
          channel: null
        date_formats: ["%d.%m.%Y"]
        timestamp_formats: ["%d.%m.%Y %H:%M"]
        time_zone: Europe/Berlin
        default_country: de
        default_currency: EUR
        decimal_separator: ","
        max_reject_ratio: 0.05
        inbox: inbox/shop/*.csv.gz
        """

    func testFullDefinitionIsRead() throws {
        let definition = try FeedDefinition(yaml: shopOrders, file: "config/feeds/shop.yaml")
        XCTAssertEqual(definition.name, "shop_orders")
        XCTAssertEqual(definition.kind, .transactions)
        XCTAssertEqual(definition.format, .csv)
        XCTAssertEqual(definition.options.delimiter, UInt8(ascii: ";"))
        XCTAssertEqual(definition.options.quote, UInt8(ascii: "'"))
        XCTAssertEqual(definition.options.escape, .backslash)
        XCTAssertEqual(definition.options.skipLines, 1)
        XCTAssertEqual(definition.options.nullMarkers, ["", "\\N", "n/a"])
        XCTAssertTrue(definition.options.trim)
        XCTAssertEqual(definition.options.encoding, .windows1252)
        XCTAssertEqual(definition.mapping["order_id"], "Bestellnummer")
        XCTAssertEqual(definition.mapping["campaign_code"], "promo.code")
        XCTAssertEqual(definition.absentFields, ["channel"])
        XCTAssertEqual(definition.dateFormats, ["%d.%m.%Y"])
        XCTAssertEqual(definition.timeZone, "Europe/Berlin")
        XCTAssertEqual(definition.defaultCountry, "DE")
        XCTAssertEqual(definition.decimalSeparator, ",")
        XCTAssertEqual(definition.maxRejectRatio, 0.05)
        XCTAssertEqual(definition.inbox, "inbox/shop/*.csv.gz")
    }

    func testUnknownKeyIsAnErrorNamingKeyAndFile() {
        XCTAssertThrowsError(try FeedDefinition(yaml: "kind: contacts\ndelimter: ';'\n", name: "crm", file: "feeds.yaml")) { error in
            let definitionError = error as? FeedDefinitionError
            XCTAssertEqual(definitionError?.key, "delimter")
            XCTAssertEqual(definitionError?.file, "feeds.yaml")
            XCTAssertEqual(definitionError?.line, 2)
            XCTAssertTrue("\(error)".hasPrefix("feeds.yaml:2: feed 'crm', key 'delimter': unknown key"), "\(error)")
        }
    }

    func testMappingToAFieldTheKindLacksIsAnError() {
        XCTAssertThrowsError(try FeedDefinition(yaml: "kind: contacts\nmapping:\n  e_mail: Mail\n", name: "crm")) { error in
            XCTAssertEqual((error as? FeedDefinitionError)?.key, "mapping.e_mail")
        }
        XCTAssertThrowsError(try FeedDefinition(yaml: "kind: contacts\nmapping:\n  customer_id: null\n", name: "crm")) { error in
            XCTAssertEqual((error as? FeedDefinitionError)?.key, "mapping.customer_id")
            XCTAssertTrue("\(error)".contains("required"), "\(error)")
        }
    }

    func testBadValuesAreErrors() {
        let cases: [(String, String)] = [
            ("kind: leads", "kind"),
            ("kind: contacts\nformat: xml", "format"),
            ("kind: contacts\nencoding: ebcdic", "encoding"),
            ("kind: contacts\nescape: html", "escape"),
            ("kind: contacts\ndelimiter: 'more than 8'", "delimiter"),
            ("kind: contacts\ndelimiter: '\\q'", "delimiter"),
            ("kind: contacts\nrecord_terminator: ''", "record_terminator"),
            ("kind: contacts\nragged: loose", "ragged"),
            ("kind: contacts\nempty_is_null: maybe", "empty_is_null"),
            ("kind: contacts\nnull_fields: {phonenumber: x}", "null_fields"),
            ("kind: contacts\ntime_zone: Mars/Olympus", "time_zone"),
            ("kind: contacts\nmax_reject_ratio: 2", "max_reject_ratio"),
            ("kind: contacts\nskip_lines: -1", "skip_lines"),
            ("kind: contacts\ndecimal_separator: ';'", "decimal_separator"),
            ("name: x", "kind"),
        ]
        for (yaml, key) in cases {
            XCTAssertThrowsError(try FeedDefinition(yaml: yaml, name: "f"), yaml) { error in
                XCTAssertEqual((error as? FeedDefinitionError)?.key, key, yaml)
            }
        }
        XCTAssertThrowsError(try FeedDefinition(yaml: "kind: contacts\ndelimiter: '\"'", name: "f"))
    }

    func testDialectKeys() throws {
        let definition = try FeedDefinition(yaml: """
            kind: contacts
            delimiter: "¦"
            quote: "‖"
            record_terminator: "¶"
            escape: backslash-quote
            ragged: lenient
            encoding: ascii
            null: ['\\N', '\\0']
            null_fields:
              phone: ['n/a', '-']
              email: ''
            mapping:
              phone: Telefon
            """, name: "f")
        XCTAssertEqual(definition.options.wideDelimiter, Array("¦".utf8))
        XCTAssertNil(definition.options.delimiter)
        XCTAssertEqual(definition.options.wideQuote, Array("‖".utf8))
        XCTAssertEqual(definition.options.recordTerminator, Array("¶".utf8))
        XCTAssertEqual(definition.options.escape, .backslashQuote)
        XCTAssertEqual(definition.options.ragged, .lenient)
        XCTAssertEqual(definition.options.encoding, .ascii)
        XCTAssertEqual(definition.options.nullMarkers, ["", "\\N", "\\0"], "markers add to the empty one")
        XCTAssertEqual(definition.options.columnNullMarkers, ["Telefon": ["n/a", "-"], "email": [""]], "keyed by the mapped source column")
        XCTAssertTrue(definition.options.needsWideParser)
        let single = try FeedDefinition(yaml: "kind: contacts\ndelimiter: '\\x1F'\nnull: NULL\nempty_is_null: false\n", name: "f")
        XCTAssertEqual(single.options.delimiter, 0x1F)
        XCTAssertEqual(single.options.nullMarkers, ["NULL"])
        XCTAssertFalse(single.options.needsWideParser)
        XCTAssertEqual(try FeedDefinition(yaml: "kind: contacts\n", name: "f").options.nullMarkers, [""])
        XCTAssertThrowsError(try FeedDefinition(yaml: "kind: contacts\ndelimiter: '¦'\nrecord_terminator: '¦'\n", name: "f"))
    }

    /// A definition with per-field markers read end to end: each field's
    /// markers apply to its mapped column only, the NUL marker everywhere.
    func testFieldMarkersThroughAReader() throws {
        let definition = try FeedDefinition(yaml: """
            kind: contacts
            delimiter: "¦"
            record_terminator: "¶"
            null: '\\0'
            null_fields:
              phone: 'n/a'
            mapping:
              customer_id: Kunde
              phone: Telefon
            """, name: "f")
        let url = try temporaryDirectory(self).appendingPathComponent("contacts.csv")
        try Data([UInt8]("Kunde¦Telefon¦city¶n/a¦n/a¦".utf8) + [0] + Array("¶c2¦¦n/a¶".utf8)).write(to: url)
        let reader = try definition.reader(path: url.path)
        var rows: [[String: String?]] = []
        try reader.read { record in
            rows.append(Dictionary(uniqueKeysWithValues: ["customer_id", "phone", "city"].map { ($0, record.string(named: $0)) }))
        } onReject: { XCTFail($0.reason) }
        XCTAssertEqual(rows, [
            ["customer_id": "n/a", "phone": nil, "city": nil],
            ["customer_id": "c2", "phone": nil, "city": "n/a"],
        ])
    }

    func testEmbeddedEntryTakesItsNameFromTheConfigKey() throws {
        let config = try XCTUnwrap(try Yams.compose(yaml: "feeds:\n  crm_contacts:\n    kind: contacts\n    format: ndjson\n"))
        let entries = try XCTUnwrap(config.mapping?["feeds"]?.mapping)
        let definitions = try entries.map { key, value in try FeedDefinition(yaml: value, name: key.string, file: "crmwh.yaml") }
        XCTAssertEqual(definitions.map(\.name), ["crm_contacts"])
        XCTAssertEqual(definitions.first?.format, .ndjson)
    }

    func testLoadUsesTheFileNameAsDefaultName() throws {
        let url = try temporaryDirectory(self).appendingPathComponent("web_contacts.yaml")
        try "kind: contacts\n".write(to: url, atomically: true, encoding: .utf8)
        XCTAssertEqual(try FeedDefinition.load(path: url.path).name, "web_contacts")
        XCTAssertThrowsError(try FeedDefinition.load(path: url.path + ".missing"))
    }

    func testKinds() {
        XCTAssertEqual(FeedKind.transactions.requiredFields, ["order_id", "customer_id", "unit_price", "ordered_at"])
        XCTAssertEqual(FeedKind.fxRates.canonicalFields, ["rate_date", "currency", "rate_to_base"])
        XCTAssertEqual(FeedKind(name: "fx-rates"), .fxRates)
        XCTAssertEqual(FeedKind.contacts.canonicalFields.count, 12)
        for kind in FeedKind.allCases {
            XCTAssertTrue(Set(kind.requiredFields).isSubset(of: kind.canonicalFields), kind.rawValue)
        }
        XCTAssertEqual(FeedKind.transactions.fieldDefaults["line_no"], "1")
    }
}

final class ExampleFeedConfigTests: XCTestCase {
    func testEveryExampleInConfigFeedsParses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("config/feeds")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 3)
        for file in files {
            let definition = try FeedDefinition.load(path: directory.appendingPathComponent(file).path)
            XCTAssertEqual(definition.name + ".yaml", file)
            for field in definition.kind.requiredFields {
                XCTAssertFalse(definition.absentFields.contains(field), "\(file): \(field)")
            }
        }
    }
}
