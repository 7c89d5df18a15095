import Feeds
import Foundation
import Generator
import PostgresClient
import Warehouse
import XCTest

/// Loads a generated data set and checks it against the generator's manifest.
final class GeneratedLoadTests: XCTestCase {
    static let order: [(String, FeedKind)] = [
        ("fx_rates.csv", .fxRates), ("products.csv", .products), ("campaigns.csv", .campaigns),
        ("contacts.csv", .contacts), ("transactions.csv", .transactions), ("interactions.csv", .interactions),
    ]

    var directory: String!
    var manifest: Manifest!
    var harness: LoadHarness!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-gen-\(UUID().uuidString.prefix(8))").path
        manifest = try FeedGenerator(options: GeneratorOptions(customers: 1500, transactions: 15000, outputDirectory: directory, seed: 7)).run()
        harness = try LoadHarness(prefix: "generated")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func loadAll() throws -> [FileLoadResult] {
        try Self.order.map { try harness.load(directory + "/" + $0.0, $0.1) }
    }

    func testCountsAndRejectsMatchTheManifest() throws {
        let results = try loadAll()
        for (result, (file, _)) in zip(results, Self.order) {
            let expected = try XCTUnwrap(manifest.files[file])
            XCTAssertEqual(result.status, .loaded, "\(file): \(result.message ?? "")")
            XCTAssertEqual(result.recordsRead, expected.records, file)
            XCTAssertEqual(result.recordsLoaded, expected.expectedLoaded, file)
            XCTAssertEqual(result.recordsRejected, expected.expectedRejects, file)
            XCTAssertEqual(result.warnings, expected.expectedWarnings, file)
        }
        // The planted records are exactly the rejects and warnings, line by line.
        let recorded = try harness.connection.query(
            """
            select regexp_replace(f.path, '^.*/', ''), r.line_no, r.field, r.rule, r.severity
            from etl.reject r join etl.file f using (file_id)
            """
        ).rows.map { "\($0[0]!):\($0[1]!):\($0[2] ?? ""):\($0[3]!):\($0[4]!)" }
        let planted = manifest.planted.map { "\($0.file):\($0.line):\($0.field):\($0.rule):\($0.severity)" }
        XCTAssertEqual(Set(recorded), Set(planted))
        XCTAssertEqual(recorded.count, planted.count)

        let expect = manifest.expectations
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), expect.orderLines)
        XCTAssertEqual(try harness.count("select count(distinct order_id) from dw.fact_sales"), expect.orders)
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales where is_return"), expect.returnedLines)
        XCTAssertEqual(try harness.count("select count(*) from dw.dim_customer where is_current and not is_inferred and customer_key <> -1"), expect.distinctCustomers)
        XCTAssertEqual(try harness.count("select count(*) from dw.dim_customer where is_current and is_inferred"), expect.inferredCustomers)
        XCTAssertEqual(try harness.count("select count(*) from dw.customer_source_key where match_rule <> 'inferred'"), expect.sourceCustomerIds)
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_interaction"), manifest.files["interactions.csv"]!.expectedLoaded)
        // Every fact points at the customer version in effect at its time.
        XCTAssertEqual(try harness.count(
            """
            select count(*) from dw.fact_sales f join dw.dim_customer d using (customer_key)
            where not (f.ordered_at >= d.valid_from and f.ordered_at < d.valid_to) or d.customer_id <> f.customer_id
            """), 0)
        // Money is exact: the amounts equal quantity × price − discount to the cent.
        XCTAssertEqual(try harness.count(
            "select count(*) from dw.fact_sales where amount <> quantity * unit_price - discount"), 0)
        XCTAssertEqual(try harness.count(
            "select count(*) from dw.fact_sales where currency = 'USD' and amount_base <> amount"), 0)
    }

    func testLoadingTheSameFilesAgainChangesNothing() throws {
        _ = try loadAll()
        // The fingerprint computed beside the load is the file's SHA-256.
        let transactions = directory + "/transactions.csv"
        let expected = try ProcessRunner.run("/usr/bin/sha256sum", [transactions]).stdout.split(separator: " ")[0]
        XCTAssertEqual(
            try harness.connection.query("select sha256 from etl.file where path = $1", [transactions]).scalar, String(expected))
        let before = try harness.tableCounts()
        let again = try loadAll()
        XCTAssertTrue(again.allSatisfy { $0.status == .skipped }, "\(again.map(\.status))")
        XCTAssertEqual(try harness.tableCounts(), before)

        harness.settings.force = true
        let forced = try loadAll()
        XCTAssertTrue(forced.allSatisfy { $0.status == .loaded })
        XCTAssertEqual(try harness.tableCounts(), before, "re-sent records update rather than duplicate")
        XCTAssertEqual(try harness.count("select count(*) from etl.file where status = 'superseded'"), Self.order.count)
    }
}
