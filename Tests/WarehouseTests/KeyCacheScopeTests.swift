import Foundation
import PostgresClient
import TestSupport
@testable import Warehouse
import XCTest

/// A small order file caches only the customers it names; a large one
/// caches every customer. Either way each line gets the customer version in
/// effect at its time, and an unknown source id a new inferred customer.
final class KeyCacheScopeTests: XCTestCase {
    let contactHeader = "customer_id,source_system,first_name,last_name,email,phone,city,country,signup_date,channel,opt_in,updated_at\n"
    let salesHeader = "order_id,line_no,customer_id,sku,quantity,unit_price,currency,ordered_at,source_system,status\n"

    func testSmallAndLargeFilesResolveTheSameVersions() throws {
        let harness = try LoadHarness(prefix: "key_cache_scope")
        // 300 customers, each moving city in June 2024: two versions apiece.
        var contacts = contactHeader
        for n in 0..<300 {
            contacts += "W\(n),web,N\(n),L,n\(n)@example.com,,Paris,FR,2024-01-01,web,yes,2024-01-01T00:00:00Z\n"
            contacts += "W\(n),web,N\(n),L,n\(n)@example.com,,Lyon,FR,2024-01-01,web,yes,2024-06-01T00:00:00Z\n"
        }
        XCTAssertEqual(try harness.load(try LoadHarness.write(contacts, name: "contacts.csv"), .contacts).status, .loaded)
        XCTAssertEqual(try harness.count("select count(*) from dw.dim_customer where customer_key <> -1"), 600)

        // A few kilobytes naming 20 of the 300 customers and one unknown:
        // below the size at which the whole cache is loaded.
        var small = salesHeader
        for n in 0..<20 {
            small += "A\(n),1,W\(n * 7),SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,\n"
            small += "B\(n),1,W\(n * 7),SKU1,1,10.00,USD,2024-07-01T12:00:00Z,web,\n"
        }
        small += "C1,1,W9999,SKU1,1,10.00,USD,2024-07-01T12:00:00Z,web,\n"
        XCTAssertLessThan(small.utf8.count, 300 * 40)
        XCTAssertTrue(try FileSourceKeys.worthReading(fileBytes: Int64(small.utf8.count), harness.connection))
        XCTAssertEqual(try harness.load(try LoadHarness.write(small, name: "small.csv"), .transactions).status, .loaded)

        // Every customer many times over: above that size.
        var large = salesHeader
        for round in 0..<4 {
            for n in 0..<300 {
                let month = round % 2 == 0 ? "03" : "08"
                large += "D\(round)x\(n),1,W\(n),SKU1,1,10.00,USD,2024-\(month)-0\(round + 1)T12:00:00Z,web,\n"
            }
        }
        large += "E1,1,W8888,SKU1,1,10.00,USD,2024-08-01T12:00:00Z,web,\n"
        XCTAssertGreaterThan(large.utf8.count, 300 * 128)
        XCTAssertFalse(try FileSourceKeys.worthReading(fileBytes: Int64(large.utf8.count), harness.connection))
        XCTAssertEqual(try harness.load(try LoadHarness.write(large, name: "large.csv"), .transactions).status, .loaded)

        // Each line's version, checked against the one in effect at its time.
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), 40 + 1 + 1200 + 1)
        XCTAssertEqual(try harness.count(
            """
            select count(*)
            from dw.fact_sales as f
            join dw.dim_customer as d
                on d.customer_id = f.customer_id and f.ordered_at >= d.valid_from and f.ordered_at < d.valid_to
            where d.customer_key = f.customer_key
            """), 40 + 1 + 1200 + 1)
        XCTAssertEqual(try harness.count(
            "select count(*) from dw.fact_sales as f join dw.dim_customer as d using (customer_key) where d.city = 'Lyon'"),
            20 + 600)
        // The unknown ids became one inferred customer each; no known one was invented again.
        XCTAssertEqual(try harness.count("select count(*) from dw.dim_customer where is_inferred"), 2)
        XCTAssertEqual(try harness.count("select count(distinct customer_id) from dw.customer_source_key"), 302)
    }
}
