import Analytics
import Foundation
import PostgresClient
import Scoring
import XCTest

@testable import Propensity

/// Features and labels against a recomputation in Swift from the order
/// lines and interactions read back from the facts.
final class PropensityReferenceTests: XCTestCase {
    func testFeaturesAndLabelsMatchARecomputationFromTheFacts() throws {
        let connection = try PropensityScoringTests.warehouse().connection
        let end = PropensityScoringTests.asOf
        let date = end.adding(-100)
        let reference = try ReferenceFacts(connection)

        let features = try PropensityScoringTests.scoring(connection).features(PropensityOptions(asOf: date))
        let names = features.matrix.names
        func column(_ name: String) throws -> Int { try XCTUnwrap(names.firstIndex(of: name), name) }
        let expectedCustomers = reference.customers(orderingBy: date)
        XCTAssertEqual(features.customers, expectedCustomers, "customers with an order on or before the date")
        XCTAssertGreaterThan(expectedCustomers.count, 1_000)

        let day = date.daysSinceEpoch
        let columns = try (
            orders: column("log_orders"), last: column("log_days_since_last_order"),
            first: column("log_days_since_first_order"), recent: column("log_orders_90d"),
            revenue: column("signed_log_revenue"), contacts: column("log_contacts"),
            unsubscribed: column("unsubscribed"), returns: column("return_share"))
        for (row, customer) in features.customers.enumerated() {
            let orders = reference.orderDays[customer, default: []].filter { $0 <= day }
            XCTAssertEqual(features.matrix[row, columns.orders], log1p(Double(orders.count)), accuracy: 1e-12, customer)
            XCTAssertEqual(features.matrix[row, columns.last], log1p(Double(day - orders.max()!)), accuracy: 1e-12, customer)
            XCTAssertEqual(features.matrix[row, columns.first], log1p(Double(day - orders.min()!)), accuracy: 1e-12, customer)
            XCTAssertEqual(
                features.matrix[row, columns.recent], log1p(Double(orders.filter { $0 > day - 90 }.count)),
                accuracy: 1e-12, customer)
            let lines = reference.lines[customer, default: []].filter { $0.day <= day }
            let net = lines.reduce(Decimal(0)) { $0 + $1.amount }
            let returned = -lines.filter(\.isReturn).reduce(Decimal(0)) { $0 + $1.amount }
            let netValue = NSDecimalNumber(decimal: net).doubleValue
            XCTAssertEqual(
                features.matrix[row, columns.revenue], netValue < 0 ? -log1p(-netValue) : log1p(netValue),
                accuracy: 1e-9, customer)
            let gross = NSDecimalNumber(decimal: net + returned).doubleValue
            let share = gross > 0 ? min(1, max(0, NSDecimalNumber(decimal: returned).doubleValue / gross)) : 0
            XCTAssertEqual(features.matrix[row, columns.returns], share, accuracy: 1e-9, customer)
            let touches = reference.interactions[customer, default: []].filter { $0.day <= day }
            let contacts = touches.filter { $0.type == "sent" && $0.isCampaign }.count
            XCTAssertEqual(features.matrix[row, columns.contacts], log1p(Double(contacts)), accuracy: 1e-12, customer)
            XCTAssertEqual(
                features.matrix[row, columns.unsubscribed], touches.contains { $0.type == "unsubscribe" } ? 1 : 0, customer)
        }

        // Labels: an order in (D, D + h]; for a channel, contacted and responded in (D, D + 90].
        let history = try CustomerHistoryReader(connection: connection).read(through: end)
        var bought30 = 0, contactedByEmail = 0, respondedByEmail = 0
        let email = try XCTUnwrap(history.channels.firstIndex(of: "email"))
        for (c, customer) in history.customerIDs.enumerated() {
            let orders = reference.orderDays[customer, default: []]
            for h in [30, 90] {
                let expected = orders.contains { $0 > day && $0 <= day + h }
                XCTAssertEqual(history.bought(c, after: date, days: h), expected, "\(customer) \(h)")
                if h == 30 && expected { bought30 += 1 }
            }
            let window = reference.interactions[customer, default: []].filter { $0.day > day && $0.day <= day + 90 && $0.channel == "email" }
            let contacted = window.contains { $0.type == "sent" && $0.isCampaign }
            let responded = window.contains { $0.type == "responded" && $0.isCampaign }
            let label = history.contact(c, on: email, after: date, days: 90)
            XCTAssertEqual(label.contacted, contacted, customer)
            XCTAssertEqual(label.responded, responded, customer)
            if contacted { contactedByEmail += 1 }
            if contacted && responded { respondedByEmail += 1 }
        }
        XCTAssertGreaterThan(bought30, 100)
        XCTAssertGreaterThan(contactedByEmail, 100)
        XCTAssertGreaterThan(respondedByEmail, 0)
    }
}

/// The facts read back row by row, summarised per customer without the SQL functions.
struct ReferenceFacts {
    struct Line {
        var day: Int
        var amount: Decimal
        var isReturn: Bool
    }
    struct Touch {
        var day: Int
        var type: String
        var channel: String
        var isCampaign: Bool
    }

    /// The days of each customer's orders: an order on its first purchase line's day, under that line's customer.
    var orderDays: [String: [Int]] = [:]
    var lines: [String: [Line]] = [:]
    /// Control-group rows left out: no contact was made.
    var interactions: [String: [Touch]] = [:]

    init(_ connection: Connection) throws {
        let sales = try connection.query(
            """
            select order_id, line_no::text, customer_id, (to_date(date_key::text, 'YYYYMMDD') - date '1970-01-01')::text,
                to_char(ordered_at at time zone 'UTC', 'YYYYMMDDHH24MISSUS'), is_return::text, amount_base::text
            from dw.fact_sales
            """)
        var first: [String: (at: String, line: Int, customer: String, day: Int)] = [:]
        for row in 0..<sales.rowCount {
            let customer = sales.string(row, 2)!, day = Int(sales.string(row, 3)!)!
            let isReturn = sales.string(row, 5) == "true"
            if customer != "unknown" {
                lines[customer, default: []].append(Line(day: day, amount: Decimal(string: sales.string(row, 6)!)!, isReturn: isReturn))
            }
            guard !isReturn else { continue }
            let order = sales.string(row, 0)!, at = sales.string(row, 4)!, line = Int(sales.string(row, 1)!)!
            if let known = first[order], (known.at, known.line) < (at, line) { continue }
            first[order] = (at, line, customer, day)
        }
        for order in first.values where order.customer != "unknown" { orderDays[order.customer, default: []].append(order.day) }

        let touches = try connection.query(
            """
            select i.customer_id, (to_date(i.date_key::text, 'YYYYMMDD') - date '1970-01-01')::text, i.interaction_type,
                coalesce(c.channel, 'unknown'), (i.campaign_key <> -1)::text
            from dw.fact_interaction as i
            left join dw.dim_channel as c on c.channel_key = i.channel_key
            where not i.is_control
            """)
        for row in 0..<touches.rowCount {
            interactions[touches.string(row, 0)!, default: []].append(
                Touch(
                    day: Int(touches.string(row, 1)!)!, type: touches.string(row, 2)!, channel: touches.string(row, 3)!,
                    isCampaign: touches.string(row, 4) == "true"))
        }
    }

    /// Customers with an order on or before `date`, in byte order of their ids.
    func customers(orderingBy date: CalendarDate) -> [String] {
        orderDays.filter { $0.value.contains { $0 <= date.daysSinceEpoch } }.keys
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
