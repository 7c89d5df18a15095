import XCTest
@testable import Feeds

/// Reading files through a feed definition: columns become canonical fields.
final class FeedMappingTests: XCTestCase {
    private func write(_ text: String, named name: String) throws -> String {
        let url = try temporaryDirectory(self).appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    private func records(_ reader: FeedReader) throws -> [[String: String]] {
        var rows: [[String: String]] = []
        try reader.read { record in
            var row: [String: String] = [:]
            for index in 0..<record.count { row[record.name(at: index)!] = record.string(at: index) }
            rows.append(row)
        } onReject: { XCTFail("unexpected reject: \($0.reason)") }
        return rows
    }

    func testCanonicalColumnsNeedNoMapping() throws {
        let path = try write("order_id,customer_id,unit_price,ordered_at,note\nA1,C1,9.90,2024-01-02,x\n", named: "orders.csv")
        let reader = try FeedDefinition.canonical(.transactions).reader(path: path)
        var firstRecord: [String?] = []
        try reader.read { record in
            firstRecord = (0..<record.count).map { record.string(at: $0) }
            XCTAssertEqual(record.count, FeedKind.transactions.canonicalFields.count)
            XCTAssertEqual(record.string(named: "unit_price"), "9.90")
        } onReject: { _ in }
        let fields = FeedKind.transactions.canonicalFields
        XCTAssertEqual(firstRecord[fields.firstIndex(of: "order_id")!], "A1")
        XCTAssertEqual(firstRecord[fields.firstIndex(of: "ordered_at")!], "2024-01-02")
        XCTAssertNil(firstRecord[fields.firstIndex(of: "sku")!], "absent optional columns read as NULL")
        XCTAssertEqual(reader.ignoredColumns, ["note"])
    }

    func testMappedColumnsAreSelectedByIndex() throws {
        let definition = try FeedDefinition(yaml: """
            kind: contacts
            delimiter: ";"
            mapping:
              customer_id: KundenNr
              email: E-Mail
              city: ort
            """, name: "shop")
        let path = try write("KundenNr;E-Mail;Ort;Extra\n17;a@x.org;Köln;z\n", named: "shop.csv")
        let rows = try records(try definition.reader(path: path))
        XCTAssertEqual(rows, [["customer_id": "17", "email": "a@x.org", "city": "Köln"]])
    }

    func testMappingNamingAMissingColumnIsAnErrorNamingFileAndColumn() throws {
        let definition = try FeedDefinition(yaml: "kind: contacts\nmapping:\n  email: mail\n", name: "crm")
        let path = try write("customer_id,e_mail\n1,a@x.org\n", named: "crm.csv")
        let reader = try definition.reader(path: path)
        XCTAssertThrowsError(try reader.read({ _ in }, onReject: { _ in })) { error in
            let readError = error as? FeedReadError
            XCTAssertEqual(readError?.code, .missingColumn)
            XCTAssertEqual(readError?.file, path)
            XCTAssertEqual(readError?.line, 1)
            XCTAssertTrue(readError?.message.hasPrefix("column 'mail' (mapped to email) is missing") ?? false, "\(error)")
        }
    }

    func testMissingRequiredFieldIsAnError() throws {
        let path = try write("customer_id,sku\n1,A\n", named: "tx.csv")
        let reader = try FeedDefinition.canonical(.transactions).reader(path: path)
        XCTAssertThrowsError(try reader.read({ _ in }, onReject: { _ in })) { error in
            XCTAssertEqual((error as? FeedReadError)?.code, .missingColumn)
            XCTAssertTrue("\(error)".contains("'order_id' (required field)"), "\(error)")
        }
    }

    func testJSONPathsMapToCanonicalFields() throws {
        let definition = try FeedDefinition(yaml: """
            kind: contacts
            mapping:
              customer_id: id
              email: customer.email
              city: customer.address.city
            """, name: "app")
        let path = try write(#"{"id":"5","tags":[1],"customer":{"email":"e@x.org","vip":true,"address":{"city":"Lyon"}},"updated_at":"2024-01-01"}"# + "\n", named: "app.ndjson")
        let reader = try definition.reader(path: path)
        let rows = try records(reader)
        XCTAssertEqual(rows, [["customer_id": "5", "email": "e@x.org", "city": "Lyon", "updated_at": "2024-01-01"]])
        XCTAssertEqual(reader.ignoredColumns, ["tags", "customer.vip"])
    }

    func testHeaderlessFileMapsPositions() throws {
        let definition = try FeedDefinition(yaml: "kind: products\nheader: false\nmapping:\n  sku: '2'\n  name: '1'\n", name: "p")
        let path = try write("Lamp,L-1\n", named: "p.csv")
        let rows = try records(try definition.reader(path: path))
        XCTAssertEqual(rows, [["sku": "L-1", "name": "Lamp"]])
    }

    func testResolutionIgnoresCaseAndSpacesAsFallback() throws {
        let indexes = try ColumnSelection(names: ["Email", "id"]).resolve(columnNames: [" ID ", "email", "Email"], file: "f", line: 1)
        XCTAssertEqual(indexes, [2, 0])
    }
}
