import Foundation
import PostgresClient

/// The market mart recomputed in Swift from the order lines read back and
/// the customers' current attributes, as docs/marts.md defines it: windows
/// ending on the as-of day and starting whole months before the day after
/// it, orders once on their first purchase line's day, returns negative,
/// customers without country, city or channel under "unknown".
struct MarketReference {
    struct Key: Hashable, Comparable {
        var country: String
        var city: String
        var channel: String

        static func < (a: Key, b: Key) -> Bool { (a.country, a.city, a.channel) < (b.country, b.city, b.channel) }
    }

    /// The additive figures of a cell (mart.market_cells_current's columns).
    struct Cell: Equatable {
        var customers = 0, active = 0, new = 0, orders = 0
        var revenue: Decimal = 0, margin: Decimal = 0
        /// Customers per tier rank 1 … 5 (top … lapsed).
        var tiers = [0, 0, 0, 0, 0]
        var retentionBase = 0, retained = 0
        var previousRevenue: Decimal = 0, previousActive = 0
        var lastYearRevenue: Decimal = 0, lastYearActive = 0

        static func + (a: Cell, b: Cell) -> Cell {
            var c = a
            c.customers += b.customers; c.active += b.active; c.new += b.new; c.orders += b.orders
            c.revenue += b.revenue; c.margin += b.margin
            c.tiers = zip(a.tiers, b.tiers).map { $0 + $1 }
            c.retentionBase += b.retentionBase; c.retained += b.retained
            c.previousRevenue += b.previousRevenue; c.previousActive += b.previousActive
            c.lastYearRevenue += b.lastYearRevenue; c.lastYearActive += b.lastYearActive
            return c
        }
    }

    let reference: Reference
    /// Customer id → current country, city and acquisition channel ("unknown" when empty).
    let attributes: [String: Key]

    init(lines: [SalesLine], connection: Connection) throws {
        reference = Reference(lines: lines)
        var attributes: [String: Key] = [:]
        for row in try connection.query(
            "select customer_id, country, city, acquisition_channel from dw.dim_customer where is_current"
        ).rows {
            func known(_ value: String?) -> String {
                guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return "unknown" }
                return value.trimmingCharacters(in: .whitespaces)
            }
            attributes[row[0]!] = Key(country: known(row[1]), city: known(row[2]), channel: known(row[3]))
        }
        self.attributes = attributes
    }

    /// Cells as of `asOf` over `months` months.
    func cells(asOf: Day, months: Int) -> [Key: Cell] {
        let end = asOf.adding(days: 1)
        let periodStart = end.monthsBack(months)
        let previousStart = end.monthsBack(2 * months)
        let lastYearStart = end.monthsBack(12 + months)
        let trailingStart = end.monthsBack(12)
        let yearBeforeStart = end.monthsBack(24)
        func within(_ day: Day, _ from: Day, _ to: Day) -> Bool { day >= from && day < to }

        let everything = reference.figures { $0.day <= asOf }
        let period = reference.figures { within($0.day, periodStart, end) }
        let previous = reference.figures { within($0.day, previousStart, periodStart) }
        let lastYear = reference.figures { within($0.day, lastYearStart, trailingStart) }
        let yearBefore = reference.figures { within($0.day, yearBeforeStart, trailingStart) }
        let trailing = reference.figures { within($0.day, trailingStart, end) }
        // Tiers as customer_value ranks them: trailing revenue among customers
        // with an order in the trailing 12 months, the other customers lapsed.
        let ranked = reference.tiers(trailing.filter { !$0.value.orders.isEmpty }.mapValues(\.revenue))

        var cells: [Key: Cell] = [:]
        for (id, all) in everything {
            let key = attributes[id] ?? Key(country: "unknown", city: "unknown", channel: "unknown")
            var cell = Cell()
            if let first = all.firstPurchase {
                cell.customers = 1
                cell.new = first >= periodStart ? 1 : 0
                cell.tiers[(ranked[id] ?? 5) - 1] = 1
            }
            let current = period[id] ?? .init()
            cell.active = current.orders.isEmpty ? 0 : 1
            cell.orders = current.orders.count
            cell.revenue = current.revenue
            cell.margin = current.margin
            cell.previousRevenue = previous[id]?.revenue ?? 0
            cell.previousActive = (previous[id]?.orders.isEmpty ?? true) ? 0 : 1
            cell.lastYearRevenue = lastYear[id]?.revenue ?? 0
            cell.lastYearActive = (lastYear[id]?.orders.isEmpty ?? true) ? 0 : 1
            let base = !(yearBefore[id]?.orders.isEmpty ?? true)
            cell.retentionBase = base ? 1 : 0
            cell.retained = base && !(trailing[id]?.orders.isEmpty ?? true) ? 1 : 0
            cells[key] = (cells[key] ?? Cell()) + cell
        }
        return cells
    }

    /// Small cells grouped as the report groups them: a cell below `minimum`
    /// customers loses its city; the groups of a country and channel that
    /// stay below it lose their country; those groups of a channel that
    /// stay below it lose the channel.
    static func grouped(_ cells: [Key: Cell], minimum: Int) -> [Key: Cell] {
        var shown: [Key: Cell] = [:]
        func add(_ key: Key, _ cell: Cell) { shown[key] = (shown[key] ?? Cell()) + cell }
        var byCountry: [Key: Cell] = [:]
        for (key, cell) in cells {
            if cell.customers >= minimum {
                add(key, cell)
            } else {
                let group = Key(country: key.country, city: "other", channel: key.channel)
                byCountry[group] = (byCountry[group] ?? Cell()) + cell
            }
        }
        var byChannel: [Key: Cell] = [:]
        for (key, cell) in byCountry {
            if cell.customers >= minimum {
                add(key, cell)
            } else {
                let group = Key(country: "other", city: "other", channel: key.channel)
                byChannel[group] = (byChannel[group] ?? Cell()) + cell
            }
        }
        for (key, cell) in byChannel {
            add(cell.customers >= minimum ? key : Key(country: "other", city: "other", channel: "other"), cell)
        }
        return shown
    }

    /// A report row's columns (mart.market) from a cell, as exact text-comparable decimals.
    static func row(_ c: Cell) -> [String: Decimal?] {
        func ratio(_ a: Decimal, _ b: Decimal, _ places: Int) -> Decimal? {
            guard b != 0 else { return nil }
            var quotient = a / b, rounded = Decimal()
            NSDecimalRound(&rounded, &quotient, places, .plain)
            return rounded
        }
        func share(_ n: Int) -> Decimal? { ratio(Decimal(n), Decimal(c.customers), 4) }
        func change(_ now: Decimal, _ before: Decimal) -> Decimal? { ratio(now - before, abs(before), 4) }
        return [
            "customers": Decimal(c.customers), "active_customers": Decimal(c.active), "new_customers": Decimal(c.new),
            "orders": Decimal(c.orders), "revenue": c.revenue, "margin": c.margin,
            "average_order_value": ratio(c.revenue, Decimal(c.orders), 2),
            "top_share": share(c.tiers[0]), "high_share": share(c.tiers[1]), "medium_share": share(c.tiers[2]),
            "low_share": share(c.tiers[3]), "lapsed_share": share(c.tiers[4]),
            "twelve_month_retention": ratio(Decimal(c.retained), Decimal(c.retentionBase), 4),
            "revenue_previous": c.previousRevenue, "revenue_vs_previous_rate": change(c.revenue, c.previousRevenue),
            "revenue_last_year": c.lastYearRevenue, "revenue_vs_last_year_rate": change(c.revenue, c.lastYearRevenue),
            "active_customers_previous": Decimal(c.previousActive),
            "active_vs_previous_rate": change(Decimal(c.active), Decimal(c.previousActive)),
            "active_customers_last_year": Decimal(c.lastYearActive),
            "active_vs_last_year_rate": change(Decimal(c.active), Decimal(c.lastYearActive)),
        ]
    }

    /// mart.market_cells_current's columns from a cell.
    static func cellColumns(_ c: Cell) -> [String: Decimal] {
        [
            "customers": Decimal(c.customers), "active_customers": Decimal(c.active), "new_customers": Decimal(c.new),
            "orders": Decimal(c.orders), "revenue": c.revenue, "margin": c.margin,
            "top_customers": Decimal(c.tiers[0]), "high_customers": Decimal(c.tiers[1]),
            "medium_customers": Decimal(c.tiers[2]), "low_customers": Decimal(c.tiers[3]),
            "lapsed_customers": Decimal(c.tiers[4]),
            "retention_base_customers": Decimal(c.retentionBase), "retained_customers": Decimal(c.retained),
            "previous_revenue": c.previousRevenue, "previous_active_customers": Decimal(c.previousActive),
            "last_year_revenue": c.lastYearRevenue, "last_year_active_customers": Decimal(c.lastYearActive),
        ]
    }
}

extension Day {
    var dayOfMonth: Int { number - Day.monthStart(month).number + 1 }

    func adding(days: Int) -> Day {
        var day = self
        while day.number < number + days {
            day = day.number == Day.monthEnd(day.month).number
                ? Day.monthStart(day.month + 1)
                : Day(year: day.month / 12, month: day.month % 12 + 1, day: day.dayOfMonth + 1)
        }
        return day
    }

    /// The same day of the month `months` months earlier, or that month's
    /// last day when it is shorter (as PostgreSQL subtracts an interval).
    func monthsBack(_ months: Int) -> Day {
        let target = month - months
        let length = Day.monthEnd(target).number - Day.monthStart(target).number + 1
        return Day(year: target / 12, month: target % 12 + 1, day: min(dayOfMonth, length))
    }
}
