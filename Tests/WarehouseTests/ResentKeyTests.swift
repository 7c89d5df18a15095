import Feeds
import Foundation
import PostgresClient
import XCTest

/// Re-sent natural keys. An order line or an interaction sent again under
/// another customer, on another day, or twice in one file ends as exactly
/// one fact row, the last record's, and the key registries name the
/// customer and day holding it. Order lines take the direct path (COPY
/// straight into the facts) or the staging path; both are run.
final class ResentKeyTests: XCTestCase {
    let salesHeader = "order_id,line_no,customer_id,sku,quantity,unit_price,currency,ordered_at,source_system,status\n"
    let interactionHeader = "interaction_id,customer_id,occurred_at,type,campaign_code\n"

    func testOrderLineResentUnderAnotherCustomerDirect() throws {
        try orderLineResentUnderAnotherCustomer(direct: true)
    }

    func testOrderLineResentUnderAnotherCustomerStaged() throws {
        try orderLineResentUnderAnotherCustomer(direct: false)
    }

    func testOrderLineResentInAnotherMonthDirect() throws {
        try orderLineResentInAnotherMonth(direct: true)
    }

    func testOrderLineResentInAnotherMonthStaged() throws {
        try orderLineResentInAnotherMonth(direct: false)
    }

    func testOrderLineTwiceInOneFileDirect() throws {
        try orderLineTwiceInOneFile(direct: true)
    }

    func testOrderLineTwiceInOneFileStaged() throws {
        try orderLineTwiceInOneFile(direct: false)
    }

    /// The same line sent again unchanged meets its row in the facts' own
    /// key during the direct COPY; the file still loads, once.
    func testOrderLineResentUnchangedDirect() throws {
        let harness = try LoadHarness(prefix: "resent_same")
        let line = "O1,1,W1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,\n"
        try load(harness, salesHeader + line + "O2,1,W2,SKU1,1,10.00,USD,2024-03-02T12:00:00Z,web,\n", name: "a.csv")
        try load(harness, salesHeader + line, name: "b.csv")
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), 2)
        XCTAssertEqual(try harness.count("select count(*) from staging.sales"), 1, "merged through staging")
        try assertRegistryMatchesFacts(harness)
    }

    func testInteractionResentUnderAnotherCustomerAndDay() throws {
        let harness = try LoadHarness(prefix: "resent_interaction")
        try load(harness, interactionHeader + """
            I1,W1,2025-03-10T08:00:00Z,sent,CMP1
            I2,W2,2025-03-10T08:00:00Z,sent,CMP1
            """, name: "a.csv", kind: .interactions)
        // Sent again: under W3 in April, then (later in the same file) under W4.
        try load(harness, interactionHeader + """
            I1,W3,2025-04-02T08:00:00Z,opened,CMP1
            I3,W3,2025-04-02T09:00:00Z,sent,CMP1
            I1,W4,2025-04-03T08:00:00Z,clicked,CMP1
            """, name: "b.csv", kind: .interactions)
        let rows = try harness.connection.query(
            "select customer_id, date_key, interaction_type from dw.fact_interaction where interaction_id = 'I1'").rows
        XCTAssertEqual(rows, [["default:W4", "20250403", "clicked"]])
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_interaction"), 3)
        XCTAssertEqual(
            try harness.connection.query(
                "select customer_id || ' ' || date_key from dw.interaction_key where interaction_id = 'I1'").string(0, 0),
            "default:W4 20250403")
        XCTAssertEqual(
            try harness.count(
                """
                select count(*) from dw.fact_interaction as f
                full join dw.interaction_key as k using (interaction_id, customer_id, date_key)
                where f.interaction_id is null or k.interaction_id is null
                """), 0, "one registry row per fact row, naming its customer and day")
    }

    // MARK: - Scenarios run on both paths

    private func orderLineResentUnderAnotherCustomer(direct: Bool) throws {
        let harness = try LoadHarness(prefix: direct ? "resent_customer_direct" : "resent_customer_staged")
        harness.settings.directCopy = direct
        try load(harness, salesHeader + """
            O1,1,W1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,
            O1,2,W1,SKU2,2,5.00,USD,2024-03-01T12:00:00Z,web,
            O2,1,W2,SKU1,1,10.00,USD,2024-03-02T12:00:00Z,web,
            """, name: "a.csv")
        XCTAssertEqual(try harness.count("select count(*) from staging.sales"), direct ? 0 : 3, "the path taken")
        // The source corrected the order's customer (and its price).
        try load(harness, salesHeader + "O1,1,W3,SKU1,1,12.00,USD,2024-03-01T12:00:00Z,web,\n", name: "b.csv")
        XCTAssertEqual(
            try harness.connection.query(
                "select customer_id, amount_base::text from dw.fact_sales where order_id = 'O1' and line_no = 1").rows,
            [["web:W3", "12.0000"]])
        XCTAssertEqual(try harness.connection.query("select sum(amount_base)::text from dw.fact_sales").string(0, 0), "32.0000")
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales where customer_id = 'web:W1'"), 1)
        XCTAssertEqual(
            try harness.connection.query("select customer_id from dw.order_line_key where order_id = 'O1' and line_no = 1")
                .string(0, 0), "web:W3")
        try assertRegistryMatchesFacts(harness)
    }

    private func orderLineResentInAnotherMonth(direct: Bool) throws {
        let harness = try LoadHarness(prefix: direct ? "resent_month_direct" : "resent_month_staged")
        harness.settings.directCopy = direct
        try load(harness, salesHeader + """
            O1,1,W1,SKU1,1,10.00,USD,2024-03-31T12:00:00Z,web,
            O2,1,W2,SKU1,1,10.00,USD,2024-03-02T12:00:00Z,web,
            """, name: "a.csv")
        try load(harness, salesHeader + "O1,1,W1,SKU1,2,10.00,USD,2024-04-01T12:00:00Z,web,\n", name: "b.csv")
        XCTAssertEqual(
            try harness.connection.query(
                "select date_key::text, quantity::int::text from dw.fact_sales where order_id = 'O1'").rows,
            [["20240401", "2"]])
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales where date_key / 100 = 202403"), 1)
        XCTAssertEqual(try harness.count("select date_key from dw.order_line_key where order_id = 'O1'"), 20_240_401)
        try assertRegistryMatchesFacts(harness)
    }

    private func orderLineTwiceInOneFile(direct: Bool) throws {
        let harness = try LoadHarness(prefix: direct ? "resent_file_direct" : "resent_file_staged")
        harness.settings.directCopy = direct
        // Into empty facts (a history load: the direct path builds the
        // indexes after the COPY), then into loaded ones (indexes kept).
        try load(harness, salesHeader + """
            O1,1,W1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,
            O2,1,W1,SKU1,1,10.00,USD,2024-03-02T12:00:00Z,web,
            O1,1,W2,SKU1,3,10.00,USD,2024-03-05T12:00:00Z,web,
            """, name: "a.csv")
        XCTAssertEqual(
            try harness.connection.query("select customer_id, quantity::int::text, date_key::text from dw.fact_sales where order_id = 'O1'").rows,
            [["web:W2", "3", "20240305"]])
        try load(harness, salesHeader + """
            O3,1,W1,SKU1,1,10.00,USD,2024-03-06T12:00:00Z,web,
            O3,1,W3,SKU1,4,10.00,USD,2024-03-06T12:00:00Z,web,
            O3,1,W1,SKU1,5,10.00,USD,2024-03-07T12:00:00Z,web,
            """, name: "b.csv")
        XCTAssertEqual(
            try harness.connection.query("select customer_id, quantity::int::text from dw.fact_sales where order_id = 'O3'").rows,
            [["web:W1", "5"]])
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_sales"), 3)
        try assertRegistryMatchesFacts(harness)
    }

    // MARK: - Helpers

    private func load(_ harness: LoadHarness, _ text: String, name: String, kind: FeedKind = .transactions) throws {
        let result = try harness.load(try LoadHarness.write(text, name: name), kind)
        XCTAssertEqual(result.status, .loaded, result.message ?? "")
        XCTAssertEqual(result.recordsRejected, 0)
    }

    /// dw.order_line_key holds exactly one row per fact row, naming its customer and day.
    private func assertRegistryMatchesFacts(_ harness: LoadHarness, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(
            try harness.count(
                """
                select count(*) from dw.fact_sales as f
                full join dw.order_line_key as k using (order_id, line_no, customer_id, date_key)
                where f.order_id is null or k.order_id is null
                """), 0, "registry and facts differ", file: file, line: line)
        XCTAssertEqual(
            try harness.count("select count(*) - count(distinct (order_id, line_no)) from dw.fact_sales"), 0,
            "an order line is held once", file: file, line: line)
    }
}
