import Foundation
import PostgresClient

/// The product structure definitions (docs/marts.md, "Product structure")
/// recomputed in Swift from the order lines read back: exact decimals for
/// money, sets for distinct customers and orders.
struct ProductStructureReference {
    struct Line {
        var orderID: String
        var customerID: String
        var day: Day
        var amount: Decimal
        var quantity: Decimal
        /// quantity × unit cost (zero without a cost).
        var cost: Decimal
        var isReturn: Bool
        var sku: String
        var category: String
        var subcategory: String
        /// ordered_at in microseconds since the epoch.
        var instant: Int64
        var lineNo: Int
    }

    let lines: [Line]

    static func read(_ connection: Connection) throws -> ProductStructureReference {
        let rows = try connection.query(
            """
            select s.order_id, s.customer_id, d.full_date::text, s.amount_base::text, s.quantity::text,
                (s.quantity * coalesce(p.unit_cost, 0))::text, s.is_return::text, coalesce(p.sku, 'unknown'),
                coalesce(p.category, 'Unknown'), coalesce(p.subcategory, 'Unknown'),
                (extract(epoch from s.ordered_at) * 1000000)::bigint::text, s.line_no::text
            from dw.fact_sales as s
            join dw.dim_date as d using (date_key)
            left join dw.dim_product as p using (product_key)
            """
        ).rows
        return ProductStructureReference(lines: rows.map { row in
            Line(
                orderID: row[0]!, customerID: row[1]!, day: Day(row[2]!), amount: Decimal(string: row[3]!)!,
                quantity: Decimal(string: row[4]!)!, cost: Decimal(string: row[5]!)!, isReturn: row[6] == "true",
                sku: row[7]!, category: row[8]!, subcategory: row[9]!, instant: Int64(row[10]!)!,
                lineNo: Int(row[11]!)!)
        })
    }

    var lastDay: Day { lines.map(\.day).max()! }

    /// The lines of the `months` months ending with `asOf`'s month (whole months).
    func window(asOf: Day, months: Int) -> [Line] {
        lines.filter { $0.day.month <= asOf.month && $0.day.month > asOf.month - months }
    }

    struct Figures: Equatable {
        var revenue: Decimal = 0
        var margin: Decimal = 0
        var units: Decimal = 0
        var customers = Set<String>()
    }

    /// Per key (category; category|subcategory; sku) over the window.
    func figures(_ window: [Line], key: (Line) -> String) -> [String: Figures] {
        var result: [String: Figures] = [:]
        for line in window {
            var f = result[key(line), default: Figures()]
            f.revenue += line.amount
            f.margin += line.amount - line.cost
            f.units += line.quantity
            if !line.isReturn && line.customerID != "unknown" { f.customers.insert(line.customerID) }
            result[key(line)] = f
        }
        return result
    }

    /// Revenue per SKU, largest first (lines without a SKU left out).
    func skuRevenues(_ window: [Line]) -> [Decimal] {
        var revenue: [String: Decimal] = [:]
        for line in window where line.sku != "unknown" { revenue[line.sku, default: 0] += line.amount }
        return revenue.values.sorted(by: >)
    }

    struct Gateway: Equatable {
        var categories: Set<String>
        var firstOrderOn: Day
        var firstOrders: Int
        var firstOrderRevenue: Decimal
        var revenue12m: Decimal
        var orders12m: Int
    }

    /// Each known customer's first order (the orders of their earliest
    /// purchase line, all their purchase lines), its top categories, and
    /// their revenue and orders in the 12 months from its day.
    func gateways() -> [String: Gateway] {
        var purchases: [String: [Line]] = [:]
        for line in lines where !line.isReturn && line.customerID != "unknown" {
            purchases[line.customerID, default: []].append(line)
        }
        // Orders counted once, on the day of their first purchase line.
        var firstLine: [String: Line] = [:]
        for line in lines where !line.isReturn {
            if let seen = firstLine[line.orderID], (seen.instant, seen.lineNo) <= (line.instant, line.lineNo) { continue }
            firstLine[line.orderID] = line
        }
        var orderDays: [String: [Day]] = [:]
        for line in firstLine.values where line.customerID != "unknown" {
            orderDays[line.customerID, default: []].append(line.day)
        }
        var revenueDays: [String: [(Day, Decimal)]] = [:]
        for line in lines where line.customerID != "unknown" {
            revenueDays[line.customerID, default: []].append((line.day, line.amount))
        }
        var result: [String: Gateway] = [:]
        for (customer, own) in purchases {
            let first = own.map(\.instant).min()!
            let orders = Set(own.filter { $0.instant == first }.map(\.orderID))
            let firstDay = own.first { $0.instant == first }!.day
            var byCategory: [String: Decimal] = [:]
            var total: Decimal = 0
            for line in own where orders.contains(line.orderID) {
                byCategory[line.category, default: 0] += line.amount
                total += line.amount
            }
            let top = byCategory.values.max()!
            let end = Self.addingYear(firstDay)
            let inWindow = { (day: Day) in day >= firstDay && day < end }
            result[customer] = Gateway(
                categories: Set(byCategory.filter { $0.value == top }.keys), firstOrderOn: firstDay,
                firstOrders: orders.count, firstOrderRevenue: total,
                revenue12m: revenueDays[customer, default: []].filter { inWindow($0.0) }.reduce(0) { $0 + $1.1 },
                orders12m: orderDays[customer, default: []].filter(inWindow).count)
        }
        return result
    }

    /// The same day 12 months later; the month's last day when it has no such day.
    static func addingYear(_ day: Day) -> Day {
        let start = Day.monthStart(day.month)
        let dayOfMonth = day - start + 1
        let month = day.month + 12
        let last = Day.monthEnd(month) - Day.monthStart(month) + 1
        return Day(year: month / 12, month: month % 12 + 1, day: min(dayOfMonth, last))
    }

    /// Rounds half away from zero to `places` decimals, as PostgreSQL's round(numeric, n).
    static func rounded(_ value: Decimal, _ places: Int) -> Decimal {
        var input = value
        var output = Decimal()
        NSDecimalRound(&output, &input, places, .plain)
        return output
    }
}
