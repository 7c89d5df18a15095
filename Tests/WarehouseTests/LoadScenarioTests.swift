import Feeds
import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// Hand-checkable loads: identity resolution, SCD2, inferred members,
/// reject budgets and atomicity.
final class LoadScenarioTests: XCTestCase {
    let contactHeader = "customer_id,source_system,first_name,last_name,email,phone,city,country,signup_date,channel,opt_in,updated_at\n"
    let salesHeader = "order_id,line_no,customer_id,sku,quantity,unit_price,currency,ordered_at,source_system,status\n"

    func testTwoSourceIdsWithOneEmailBecomeOneCustomer() throws {
        let harness = try LoadHarness(prefix: "identity")
        let contacts = try LoadHarness.write(contactHeader + """
            W1,web,Ann,Lee,ann@example.com,,Berlin,DE,2024-01-01,web,yes,2024-01-01T10:00:00Z
            S9,store,Ann,Lee, ANN@Example.COM ,+49 30 1234567,Berlin,DE,2024-02-01,store,yes,2024-02-01T10:00:00Z
            C5,callcenter,A.,Lee,,030 1234567,Berlin,Germany,,phone,no,2024-03-01T10:00:00Z
            """, name: "contacts.csv")
        let result = try harness.load(contacts, .contacts)
        XCTAssertEqual(result.status, .loaded, result.message ?? "")
        XCTAssertEqual(try harness.count("select count(distinct customer_id) from dw.customer_source_key"), 1)
        let rules = try harness.connection.query(
            "select source_system, match_rule from dw.customer_source_key order by 1").rows.map { "\($0[0]!)=\($0[1]!)" }
        XCTAssertEqual(rules, ["callcenter=phone", "store=email", "web=new"])
        let current = try harness.connection.query(
            "select customer_id, first_name, phone, signup_date::text, acquisition_channel, opt_in from dw.dim_customer where is_current and customer_key <> -1")
        XCTAssertEqual(current.rowCount, 1)
        // Most recent non-empty wins; the earliest sign-up and first channel stay.
        XCTAssertEqual(current.rows[0], ["web:W1", "A.", "+49301234567", "2024-01-01", "web", "f"])
    }

    func testLateOrderGetsTheVersionInEffectAtItsTime() throws {
        let harness = try LoadHarness(prefix: "scd2")
        try harness.load(try LoadHarness.write(contactHeader + """
            W1,web,Bo,Ng,bo@example.com,,Paris,FR,2024-01-01,web,yes,2024-01-01T00:00:00Z
            W1,web,Bo,Ng,bo@example.com,,Lyon,FR,2024-01-01,web,yes,2024-06-01T00:00:00Z
            """, name: "contacts.csv"), .contacts)
        XCTAssertEqual(try harness.count("select count(*) from dw.dim_customer where customer_id = 'web:W1'"), 2)
        // Orders arrive afterwards; one is dated before the move.
        try harness.load(try LoadHarness.write(salesHeader + """
            O1,1,W1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,
            O2,1,W1,SKU1,2,10.00,USD,2024-07-01T12:00:00Z,web,
            """, name: "orders.csv"), .transactions)
        let cities = try harness.connection.query(
            "select f.order_id, d.city from dw.fact_sales f join dw.dim_customer d using (customer_key) order by 1"
        ).rows.map { $0[1]! }
        XCTAssertEqual(cities, ["Paris", "Lyon"])

        // A later move arrives after an order dated after it: the order follows.
        try harness.load(try LoadHarness.write(contactHeader + """
            W1,web,Bo,Ng,bo@example.com,,Nice,FR,2024-01-01,web,yes,2024-06-15T00:00:00Z
            """, name: "contacts2.csv"), .contacts)
        let after = try harness.connection.query(
            "select d.city from dw.fact_sales f join dw.dim_customer d using (customer_key) order by f.order_id"
        ).rows.map { $0[0]! }
        XCTAssertEqual(after, ["Paris", "Nice"])
        // An unchanged record changes nothing.
        try harness.load(try LoadHarness.write(contactHeader + """
            W1,web,Bo,Ng,bo@example.com,,Nice,FR,2024-01-01,web,yes,2024-08-01T00:00:00Z
            """, name: "contacts3.csv"), .contacts)
        XCTAssertEqual(try harness.count("select count(*) from dw.dim_customer where customer_id = 'web:W1'"), 3)
    }

    func testEveryCustomerRowCarriesTheHashOfItsAttributes() throws {
        let harness = try LoadHarness(prefix: "row_hash")
        try harness.load(try LoadHarness.write(contactHeader + """
            W1,web,Bo,Ng,bo@example.com,,Paris,FR,2024-01-01,web,yes,2024-01-01T00:00:00Z
            W2,web,Al,Ma,al@example.com,,Rome,IT,2024-01-01,web,no,2024-01-01T00:00:00Z
            """, name: "contacts.csv"), .contacts)
        try harness.load(try LoadHarness.write(contactHeader + """
            W1,web,Bo,Ng,bo@example.com,,Lyon,FR,2024-01-01,web,yes,2024-06-01T00:00:00Z
            W2,web,Al,Ma,al@example.com,+39 06 1234567,Rome,IT,2024-01-01,web,no,2023-06-01T00:00:00Z
            """, name: "contacts2.csv"), .contacts)
        // Both changed: W1 moved, W2 gained a phone; each gets a new version.
        XCTAssertEqual(try harness.count("select count(*) from dw.dim_customer where customer_key <> -1"), 4)
        XCTAssertEqual(try harness.count(
            """
            select count(*) from dw.dim_customer where customer_key <> -1 and row_hash is distinct from md5(row(
                first_name, last_name, email, phone, city, country, signup_date, acquisition_channel, opt_in)::text)
            """), 0)
    }

    func testInferredMemberIsCompletedNotDuplicated() throws {
        let harness = try LoadHarness(prefix: "inferred")
        try harness.load(try LoadHarness.write(salesHeader + """
            O1,1,S77,SKU9,1,5.00,USD,2024-03-01T12:00:00Z,store,
            O1,2,S77,SKU9,1,5.00,USD,2024-03-01T12:00:00Z,store,returned
            """, name: "orders.csv"), .transactions)
        XCTAssertEqual(try harness.count("select count(*) from dw.dim_customer where is_inferred"), 1)
        XCTAssertEqual(try harness.count("select count(*) from dw.dim_product where is_inferred and sku = 'SKU9'"), 1)
        XCTAssertEqual(try harness.connection.query("select sum(amount_base)::text from dw.fact_sales").scalar, "0.0000")

        try harness.load(try LoadHarness.write(contactHeader + """
            S77,store,Cy,Ito,cy@example.com,,Rome,IT,2023-05-01,store,1,2024-05-01T00:00:00Z
            S88,store,Di,Ek,di@example.com,,Oslo,NO,2023-05-01,store,1,2024-05-01T00:00:00Z
            """, name: "contacts.csv"), .contacts)
        // Keys handed out by the order load and by the identity sequence never clash.
        XCTAssertEqual(try harness.count("select count(distinct customer_key) from dw.dim_customer"), 3)
        let rows = try harness.connection.query(
            "select first_name, city, is_inferred, valid_from::text from dw.dim_customer where customer_id = 'store:S77'").rows
        XCTAssertEqual(rows, [["Cy", "Rome", "f", "-infinity"]])
        XCTAssertEqual(try harness.count(
            "select count(*) from dw.fact_sales f join dw.dim_customer d using (customer_key) where d.city = 'Rome'"), 2)
    }

    func testAProductsFileRepeatingAProductUnchangedLeavesItsRow() throws {
        let harness = try LoadHarness(prefix: "products")
        let header = "sku,name,category,subcategory,unit_cost\n"
        try harness.load(try LoadHarness.write(header + "P1,Pen,Office,Pens,1.50\nP2,Mug,Home,,4.00\n", name: "p1.csv"), .products)
        // The next night's catalog: P1 as it was, P2 at a new cost, P3 new.
        try harness.load(
            try LoadHarness.write(header + "P1,Pen,Office,Pens,1.50\nP2,Mug,Home,,4.50\nP3,Cup,Home,,2.00\n", name: "p2.csv"),
            .products)
        let rows = try harness.connection.query(
            "select sku, unit_cost::text, etl_file_id = (select max(file_id) from etl.file) from dw.dim_product where sku <> 'unknown' order by sku"
        ).rows
        XCTAssertEqual(rows, [["P1", "1.5000", "f"], ["P2", "4.5000", "t"], ["P3", "2.0000", "t"]])
    }

    func testFileOverItsRejectRatioLeavesTheWarehouseUnchanged() throws {
        let harness = try LoadHarness(prefix: "ratio")
        let before = try harness.tableCounts()
        let path = try LoadHarness.write(salesHeader + """
            O1,1,W1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,
            O2,1,W1,SKU1,1,ten,USD,2024-03-01T12:00:00Z,web,
            O3,1,,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,
            """, name: "orders.csv")
        var definition = FeedDefinition.canonical(.transactions)
        definition.maxRejectRatio = 0.5
        let result = try harness.load(path, .transactions, definition: definition)
        XCTAssertEqual(result.status, .refused)
        XCTAssertEqual(result.recordsRejected, 2)
        XCTAssertEqual(try harness.tableCounts(), before)
        XCTAssertEqual(try harness.count("select count(*) from etl.file where status = 'refused'"), 1)
        XCTAssertEqual(try harness.count("select count(*) from etl.reject"), 2)
        let rejects = try String(contentsOfFile: try XCTUnwrap(result.rejectsFile), encoding: .utf8)
        XCTAssertTrue(rejects.contains("money.invalid") && rejects.contains("O2,1,W1,SKU1,1,ten"), rejects)
    }

    func testKilledConnectionMidFileLeavesNoPartialFile() throws {
        let harness = try LoadHarness(prefix: "killed")
        var text = salesHeader
        for index in 0..<300_000 { text += "O\(index),1,W\(index % 5000),SKU\(index % 50),1,9.99,USD,2024-03-01T12:00:00Z,web,\n" }
        let path = try LoadHarness.write(text, name: "big.csv")
        let pid = harness.connection.backendPID
        let killer = try Connection(harness.conninfo)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            // Wait until the COPY is running, then end the session from outside.
            for _ in 0..<400 {
                let active = (try? killer.query(
                    "select count(*) from pg_stat_activity where pid = $1 and (query like 'copy staging%' or query like 'copy dw.fact_sales%')", [Int(pid)]).int(0, 0)) ?? 0
                if active > 0 { break }
                usleep(5_000)
            }
            _ = try? killer.query("select pg_terminate_backend($1)", [Int(pid)])
            done.signal()
        }
        XCTAssertThrowsError(try harness.load(path, .transactions)) { error in
            XCTAssertEqual((error as? PostgresError)?.kind, .connection, "\(error)")
        }
        done.wait()
        let fresh = try Connection(harness.conninfo)
        XCTAssertEqual(try fresh.query("select count(*) from dw.fact_sales").int(0, 0), 0)
        XCTAssertEqual(try fresh.query("select count(*) from etl.file where status = 'loaded'").int(0, 0), 0)
    }
}
