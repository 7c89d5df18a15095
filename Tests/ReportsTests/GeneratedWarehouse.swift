import Foundation
import PostgresClient
import TestSupport
import XCTest

/// A synthetic warehouse from scripts/bench-marts-data.sql (1,500
/// customers, 6,000 orders over 700 days, returns, the unknown customer,
/// customers who moved, orders spanning two days, channels and categories
/// (some across a month end), twins with the same history as another
/// customer, campaign contacts and scores), refreshed once per
/// test process, and its order lines read back for the reference
/// computations in Reference.swift.
final class GeneratedWarehouse {
    nonisolated(unsafe) private static var instance: GeneratedWarehouse?
    private static let lock = NSLock()

    let builder: WarehouseBuilder
    let lines: [SalesLine]
    let interactions: [Interaction]

    static func shared() throws -> GeneratedWarehouse {
        try lock.withLock {
            if let instance { return instance }
            let made = try GeneratedWarehouse()
            instance = made
            return made
        }
    }

    static var generatorSQL: String {
        get throws {
            let url = TestCluster.repositoryRoot.appendingPathComponent("scripts/bench-marts-data.sql")
            return try String(contentsOf: url, encoding: .utf8)
        }
    }

    private init() throws {
        builder = try WarehouseBuilder(prefix: "generated")
        let connection = builder.connection
        try connection.execute("select setseed(0.17)")
        try connection.execute(try Self.generatorSQL)
        try connection.execute(
            """
            select pg_temp.generate_dimensions(1500, '2024-01-01');
            select pg_temp.generate_sales(1500, 6000, '2024-01-01', 700, 1, 'A');
            select pg_temp.split_orders(0.02, 1);
            select pg_temp.twin_customers(25);
            select pg_temp.generate_contacts(1500, '2024-01-01', 700);
            update mart.settings set value = 2 where name = 'product_pair_min_orders';
            """)
        try builder.refresh()
        lines = try Self.readLines(connection)
        interactions = try Self.readInteractions(connection)
    }

    static func readLines(_ connection: Connection) throws -> [SalesLine] {
        try connection.query(
            """
            select s.order_id, s.customer_id, d.full_date::text, s.amount_base::text,
                (s.quantity * coalesce(p.unit_cost, 0))::text, s.is_return::text,
                coalesce(p.category, 'Unknown'), coalesce(c.channel, 'unknown'),
                extract(epoch from s.ordered_at)::text, s.line_no::text
            from dw.fact_sales as s
            join dw.dim_date as d using (date_key)
            left join dw.dim_product as p using (product_key)
            left join dw.dim_channel as c using (channel_key)
            """
        ).rows.map { row in
            SalesLine(
                orderID: row[0]!, customerID: row[1]!, day: Day(row[2]!), amount: Decimal(string: row[3]!)!,
                cost: Decimal(string: row[4]!)!, isReturn: row[5] == "true", category: row[6]!,
                channel: row[7]!, epoch: Double(row[8]!)!, lineNo: Int(row[9]!)!)
        }
    }

    static func readInteractions(_ connection: Connection) throws -> [Interaction] {
        try connection.query(
            """
            select c.campaign_code, i.customer_id, i.interaction_type, extract(epoch from i.occurred_at)::text
            from dw.fact_interaction as i
            join dw.dim_campaign as c using (campaign_key)
            where i.campaign_key <> -1
            """
        ).rows.map { Interaction(campaign: $0[0]!, customerID: $0[1]!, type: $0[2]!, epoch: Double($0[3]!)!) }
    }
}

struct SalesLine {
    var orderID: String
    var customerID: String
    var day: Day
    var amount: Decimal
    /// quantity × unit cost (zero without a cost).
    var cost: Decimal
    var isReturn: Bool
    var category: String
    var channel: String
    var epoch: Double
    var lineNo: Int

    var month: Int { day.month }
    var isKnownCustomer: Bool { customerID != "unknown" }
}

struct Interaction {
    var campaign: String
    var customerID: String
    var type: String
    var epoch: Double
}

/// A calendar date as a day number, with its month as year × 12 + month − 1.
struct Day: Comparable, Hashable {
    let number: Int
    let month: Int

    init(_ text: String) {
        let parts = text.split(separator: "-").map { Int($0)! }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    init(year: Int, month: Int, day: Int) {
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = era * 146097 + doe - 719468
        self.month = year * 12 + month - 1
    }

    /// The last day of a month index.
    static func monthEnd(_ month: Int) -> Day {
        let next = month + 1
        let first = Day(year: next / 12, month: next % 12 + 1, day: 1)
        return Day(number: first.number - 1, month: month)
    }

    static func monthStart(_ month: Int) -> Day {
        Day(year: month / 12, month: month % 12 + 1, day: 1)
    }

    private init(number: Int, month: Int) {
        self.number = number
        self.month = month
    }

    var monthText: String {
        String(format: "%04d-%02d-01", month / 12, month % 12 + 1)
    }

    static func < (a: Day, b: Day) -> Bool { a.number < b.number }
    static func - (a: Day, b: Day) -> Int { a.number - b.number }
}
