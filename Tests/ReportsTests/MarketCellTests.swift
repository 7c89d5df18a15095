import Marts
import TestSupport
import XCTest

/// Small cells of the market report, by hand: nine customers with one
/// 10.00 order each, in cells of 1 to 3 customers, grouped at a minimum of
/// three; the minimum read when the report runs; a customer who moves
/// changes cell on the next refresh without a new sale.
final class MarketCellTests: XCTestCase {
    /// (customer, country, city, acquisition channel); nil: not given.
    static let customers: [(String, String?, String?, String?)] = [
        ("A1", "DE", "Berlin", "web"), ("A2", "DE", "Berlin", "web"), ("A3", "DE", "Berlin", "web"),
        ("B1", "DE", "Bonn", "web"), ("B2", "DE", "Koeln", "web"), ("F1", "FR", "Paris", "web"),
        ("C1", "DE", "Bonn", "store"), ("C2", "DE", "Bonn", "store"),
        ("C3", "DE", "Koeln", "store"), ("C4", "DE", "Koeln", "store"),
        ("U1", nil, nil, "phone"), ("N1", "NL", "Utrecht", "app"), ("X1", " ", "", nil),
    ]

    func build() throws -> WarehouseBuilder {
        let warehouse = try WarehouseBuilder(prefix: "market_cells")
        try warehouse.addStandardDimensions()
        for (id, country, city, channel) in Self.customers {
            try warehouse.connection.query(
                "insert into dw.dim_customer (customer_id, country, city, acquisition_channel) values ($1, $2, $3, $4)",
                [id, country, city, channel])
            try warehouse.addLine(order: "O" + id, customer: id, day: "2025-03-10")
        }
        try warehouse.refresh()
        return warehouse
    }

    func rows(_ warehouse: WarehouseBuilder) throws -> [String] {
        try warehouse.records("select country, city, acquisition_channel, customers::text, revenue::text from mart.market")
            .map { row in ["country", "city", "acquisition_channel", "customers", "revenue"].map { row[$0]!! }.joined(separator: " ") }
    }

    func testSmallCellsAreGroupedCoarsestLast() throws {
        let warehouse = try build()
        try warehouse.setSetting("market_min_customers", "3")
        XCTAssertEqual(try rows(warehouse), [
            // Berlin web has three; Bonn and Koeln store have two each, four together in DE.
            "DE Berlin web 3 30.0000", "DE other store 4 40.0000",
            // Bonn web, Koeln web (two in DE) and Paris web: three web customers without a country.
            "other other web 3 30.0000",
            // Each alone in its channel: no country, city or channel shown.
            "other other other 3 30.0000",
        ])
        // Unknown attributes are a cell of their own before grouping.
        try warehouse.setSetting("market_min_customers", "1")
        XCTAssertEqual(try rows(warehouse), [
            "DE Berlin web 3 30.0000", "DE Bonn store 2 20.0000", "DE Bonn web 1 10.0000", "DE Koeln store 2 20.0000",
            "DE Koeln web 1 10.0000", "FR Paris web 1 10.0000", "NL Utrecht app 1 10.0000",
            "unknown unknown phone 1 10.0000", "unknown unknown unknown 1 10.0000",
        ])
        // At two, the store cells stand alone and DE's two web customers become DE other web.
        try warehouse.setSetting("market_min_customers", "2")
        XCTAssertEqual(try rows(warehouse), [
            "DE Berlin web 3 30.0000", "DE Bonn store 2 20.0000", "DE Koeln store 2 20.0000",
            "DE other web 2 20.0000", "other other other 4 40.0000",
        ])
    }

    func testTheMinimumIsASettingReportsRead() throws {
        let warehouse = try build()
        let refresher = MartRefresher(connection: warehouse.connection, sql: try TestCluster.repositorySQL())
        try refresher.refresh(settings: MartSettings())
        var settings = MartSettings()
        settings.marketMinCustomers = 3
        let summary = try refresher.refresh(settings: settings)
        XCTAssertFalse(summary.isFull, "a setting only the report reads rebuilds nothing")
        XCTAssertEqual(summary.changedSettings, ["market_min_customers"])
        XCTAssertEqual(try rows(warehouse).count, 4)
    }

    func testAMoveChangesTheCellWithoutANewSale() throws {
        let warehouse = try build()
        try warehouse.setSetting("market_min_customers", "1")
        // U1 gives an address (a new current version), N1 a new channel.
        try warehouse.connection.execute(
            """
            update dw.dim_customer set is_current = false, valid_to = '2025-04-01' where customer_id in ('U1', 'N1');
            insert into dw.dim_customer (customer_id, country, city, acquisition_channel, valid_from)
            values ('U1', 'GB', 'Leeds', 'phone', '2025-04-01'), ('N1', 'NL', 'Utrecht', 'referral', '2025-04-01');
            """)
        let summary = try warehouse.refresh()
        XCTAssertFalse(summary.isFull)
        XCTAssertEqual(summary.changedMonths, [])
        let shown = try rows(warehouse)
        XCTAssertTrue(shown.contains("GB Leeds phone 1 10.0000"), "\(shown)")
        XCTAssertTrue(shown.contains("NL Utrecht referral 1 10.0000"), "\(shown)")
        XCTAssertFalse(shown.contains { $0.hasPrefix("unknown unknown phone") || $0.hasPrefix("NL Utrecht app") }, "\(shown)")
        let differences = try warehouse.records(
            """
            select count(*)::text as n from (
                (select * from mart.customer_market except select * from mart.customer_market_compute())
                union all
                (select * from mart.customer_market_compute() except select * from mart.customer_market)
            ) as d
            """)
        XCTAssertEqual(differences[0]["n"], "0")
    }
}
