import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// `crmwh load --dry-run` and `crmwh run --dry-run`: the same rejects files
/// and exit code as the real load, a true account of what it would write,
/// and a warehouse left exactly as it was.
final class DryRunTests: XCTestCase {
    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-dry-\(UUID().uuidString.prefix(8))")
        for sub in ["config", "inbox", "dry", "real"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        // Up to half of a file's records may be rejected before it is refused.
        try """
            directories: { inbox: ../inbox, archive: ../archive, error: ../error, output: ../out }
            feeds: [{ name: contacts, kind: contacts }, { name: transactions, kind: transactions, max_reject_ratio: 0.5 }]

            """.write(
            to: directory.appendingPathComponent("config/crmwh.yaml"), atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    /// Every table a load or run writes, as row counts and a digest of the rows.
    func fingerprint(_ database: String) throws -> [String: String] {
        let connection = try Connection(database)
        var digest: [String: String] = [:]
        for table in ["dw.fact_sales", "dw.dim_customer", "dw.customer_source_key", "dw.dim_product", "dw.customer_profile",
                      "etl.run", "etl.file", "etl.reject", "etl.schema_migration"] {
            digest[table] = try connection.query(
                "select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from \(table) as t")
                .string(0, 0)
        }
        return digest
    }

    static let contacts = """
        customer_id,first_name,last_name,email,city,country,signup_date
        C1,Ada,Lovelace,ada@example.com,London,GB,2024-01-05
        C2,Alan,Turing,alan@example.com,Wilmslow,GB,2024-02-01

        """

    static let moreContacts = """
        customer_id,first_name,last_name,email,city,country,signup_date
        C2,Alan,Turing,alan@example.com,Manchester,GB,2024-02-01
        C3,Grace,Hopper,grace@example.com,Arlington,US,2024-03-01
        C4,Edsger,Dijkstra,not-an-email,Austin,US,2024-03-02

        """

    static let orders = """
        order_id,line_no,customer_id,sku,quantity,unit_price,currency,ordered_at
        O1,1,C1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z
        O1,2,C1,SKU2,2,5.50,USD,2024-03-01T12:00:00Z
        O2,1,C2,SKU1,1,ten,USD,2024-03-02T12:00:00Z
        O3,1,C9,SKU2,2,12.50,USD,2024-03-03T12:00:00Z
        O4,1,C2,SKU1,1,8.00,USD,2099-03-03T12:00:00Z

        """

    func testLoadDryRunMatchesTheLoadAndChangesNothing() throws {
        let directory = try temporaryDirectory()
        let database = try TestCluster.makeMigratedDatabase(prefix: "dry_load")
        func crmwh(_ arguments: [String]) throws -> ProcessRunner.Output {
            try BuiltBinary.run(arguments + ["--database", database], in: directory)
        }
        let contacts = directory.appendingPathComponent("contacts.csv")
        try Self.contacts.write(to: contacts, atomically: true, encoding: .utf8)
        XCTAssertEqual(try crmwh(["load", "contacts", contacts.path]).status, 0)

        // Contacts: one known customer moved city (a new version), one new, one with a bad email (a warning).
        let more = directory.appendingPathComponent("more.csv")
        try Self.moreContacts.write(to: more, atomically: true, encoding: .utf8)
        var before = try fingerprint(database)
        let dryContacts = try crmwh(["load", "contacts", more.path, "--dry-run", "--reject-dir", directory.appendingPathComponent("dry").path])
        XCTAssertEqual(try fingerprint(database), before, "a dry run leaves the warehouse as it was")
        XCTAssertTrue(dryContacts.stdout.contains("dry run: nothing was written"), dryContacts.stdout)
        XCTAssertTrue(dryContacts.stdout.contains("(2 new customers, 1 matched)"), dryContacts.stdout)

        // Orders: a bad price, an unknown customer (an inferred member) and a date too far ahead.
        let orders = directory.appendingPathComponent("orders.csv")
        try Self.orders.write(to: orders, atomically: true, encoding: .utf8)
        before = try fingerprint(database)
        let dry = try crmwh(["load", "transactions", orders.path, "--dry-run", "--log-format", "json",
                             "--reject-dir", directory.appendingPathComponent("dry").path])
        XCTAssertEqual(try fingerprint(database), before, "a dry run leaves the warehouse as it was")
        let real = try crmwh(["load", "transactions", orders.path, "--log-format", "json",
                              "--reject-dir", directory.appendingPathComponent("real").path])
        XCTAssertEqual(dry.status, real.status, dry.stderr + real.stderr)
        XCTAssertNotEqual(try fingerprint(database), before, "the real load writes")

        let dryRecord = try XCTUnwrap(Self.fileRecord(dry.stdout))
        let realRecord = try XCTUnwrap(Self.fileRecord(real.stdout))
        for key in ["status", "read", "loaded", "rejected", "warnings"] {
            XCTAssertEqual("\(dryRecord[key] ?? "-")", "\(realRecord[key] ?? "-")", key)
        }
        XCTAssertEqual(dryRecord["rejected"] as? Int, 2)
        // What the dry run said it would write is what the load wrote.
        let written = try XCTUnwrap((dryRecord["dry_run"] as? [String: Any])?["tables"] as? [String: Int])
        let connection = try Connection(database)
        XCTAssertEqual(written["dw.fact_sales"], Int(try connection.query("select count(*) from dw.fact_sales").string(0, 0)!))
        XCTAssertEqual(written["dw.fact_sales"], 3)
        XCTAssertNil(realRecord["dry_run"])
        // The same rejects report, byte for byte.
        let dryRejects = try Data(contentsOf: directory.appendingPathComponent("dry/orders.csv.rejects.csv"))
        let realRejects = try Data(contentsOf: directory.appendingPathComponent("real/orders.csv.rejects.csv"))
        XCTAssertEqual(dryRejects, realRejects)
        XCTAssertFalse(dryRejects.isEmpty)
    }

    func testRunDryRunLeavesTheInboxAndTheWarehouse() throws {
        let directory = try temporaryDirectory()
        let database = try TestCluster.makeMigratedDatabase(prefix: "dry_run")
        let inbox = directory.appendingPathComponent("inbox")
        try Self.contacts.write(to: inbox.appendingPathComponent("contacts.csv"), atomically: true, encoding: .utf8)
        try Self.orders.write(to: inbox.appendingPathComponent("transactions.csv"), atomically: true, encoding: .utf8)
        let before = try fingerprint(database)
        let dry = try BuiltBinary.run(["run", "--dry-run", "--database", database], in: directory)
        XCTAssertEqual(dry.status, 3, "rejects above the warning level, as the real run: \(dry.stderr)")
        XCTAssertEqual(try fingerprint(database), before)
        let left = try FileManager.default.contentsOfDirectory(atPath: inbox.path).sorted()
        XCTAssertEqual(left, ["contacts.csv", "transactions.csv", "transactions.csv.rejects.csv"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.appendingPathComponent("archive").path))
        XCTAssertTrue(dry.stdout.contains("dw.dim_customer 2 rows (2 new customers, 0 matched)"), dry.stdout)
        XCTAssertTrue(dry.stdout.contains("dw.fact_sales 3 rows"), dry.stdout)
        XCTAssertTrue(dry.stdout.contains("dry run: succeeded_with_rejects, nothing recorded"), dry.stdout)

        try FileManager.default.removeItem(at: inbox.appendingPathComponent("transactions.csv.rejects.csv"))
        // The real night loads the same and moves the files (its scoring
        // step then fails on two customers without a repeat purchase).
        _ = try BuiltBinary.run(["run", "--database", database], in: directory)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: inbox.path), [])
        XCTAssertEqual(try Connection(database).query("select count(*) from dw.fact_sales").string(0, 0), "3")
    }

    static func fileRecord(_ output: String) -> [String: Any]? {
        for line in output.split(separator: "\n") {
            if let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], record["record"] as? String == "file" {
                return record
            }
        }
        return nil
    }
}
