import PostgresClient

/// The snapshot months the tier forecast learns from and is checked
/// against, read from `dw.fact_customer_month` alone, with the settings
/// that ranked them.
public struct ValueFlowHistory: Sendable {
    /// Consecutive months, oldest first; the first has no flows.
    public var months: [ValueFlowMonth]
    /// Cumulative customer shares of top, top + high, top + high + medium.
    public var cutoffs: TierCutoffs
    /// The last month whose data is complete (its last day is on or before
    /// the last order date refreshed); a later month is still filling.
    public var lastCompleteMonth: String?

    public init(months: [ValueFlowMonth], cutoffs: TierCutoffs, lastCompleteMonth: String?) {
        self.months = months
        self.cutoffs = cutoffs
        self.lastCompleteMonth = lastCompleteMonth
    }

    public func index(of month: String) -> Int? {
        months.firstIndex { $0.month == month }
    }

    /// The first day of the month `k` months after `month` (yyyy-mm-01).
    static func month(_ month: String, plus k: Int) -> String {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return month }
        let index = parts[0] * 12 + parts[1] - 1 + k
        let year = index / 12, number = index % 12 + 1
        return String(format: "%04d-%02d-01", year, number)
    }

    /// The snapshot's span and the data's end: first and last snapshot
    /// months, and the last complete month.
    struct Span {
        var first: String
        var last: String
        var lastComplete: String?
    }

    static func span(_ connection: Connection) throws -> Span? {
        let result = try ReportQuery.table(
            connection,
            """
            select min(month)::text, max(month)::text,
                (date_trunc('month', mart.default_as_of() + 1) - interval '1 month')::date::text
            from dw.fact_customer_month
            """, binds: [])
        guard let row = result.rows.first, let first = row[0] ?? nil, let last = row[1] ?? nil else { return nil }
        return Span(first: first, last: last, lastComplete: row[2] ?? nil)
    }

    /// Months `from` … `through` (first days, yyyy-mm-dd); `from`'s flows
    /// are not read, so read one month before the first flow needed.
    static func read(_ connection: Connection, from: String, through: String, lastComplete: String?) throws
        -> ValueFlowHistory
    {
        let cutoffs = try TierCutoffs.read(connection)
        let before = try connection.query(
            """
            select count(*) from dw.fact_customer_month
            where month < $1::date and first_order_month = month
            """, [from]).int(0, 0) ?? 0
        // Each customer's state this month and last: recency in whole months
        // from the month of the last order (recency_days counts from the
        // month's last day), tier rank; absent from a month's snapshot =
        // not ordered in its trailing 12 months.
        let flows = try connection.query(
            """
            with states as (
                select
                    f.customer_id,
                    f.month,
                    (f.month + interval '1 month')::date as next_month,
                    f.tier_rank,
                    f.first_order_month = f.month as is_new,
                    -- date_part (float8), not extract (numeric): a third faster here.
                    ((date_part('year', f.month) - date_part('year', l.last_order_on)) * 12
                        + date_part('month', f.month) - date_part('month', l.last_order_on))::integer as recency
                from dw.fact_customer_month as f
                cross join lateral (
                    select (f.month + interval '1 month')::date - 1 - f.recency_days as last_order_on
                ) as l
                where f.month between $1::date and $2::date
            ),
            pairs as (
                select
                    coalesce(c.month, p.next_month) as month,
                    p.recency as from_recency,
                    p.tier_rank as from_rank,
                    c.recency as to_recency,
                    c.tier_rank as to_rank,
                    coalesce(c.is_new, false) as is_new
                from states as p
                full join states as c on c.customer_id = p.customer_id and c.month = p.next_month
            )
            select month::text, from_recency, from_rank, to_recency, to_rank, is_new, customers
            from (
                select month, from_recency, from_rank, to_recency, to_rank, is_new, count(*) as customers
                from pairs
                where month <= $2::date
                group by 1, 2, 3, 4, 5, 6
            ) as grouped
            order by 1, 2, 3, 4, 5, 6
            """, [from, through])
        var months: [ValueFlowMonth] = []
        for row in 0..<flows.rowCount {
            guard let month = flows.string(row, 0), let customers = flows.int(row, 6) else { continue }
            if months.last?.month != month {
                var next = ValueFlowMonth(month: month)
                next.hasFlows = !months.isEmpty
                months.append(next)
            }
            add(
                &months[months.count - 1], customers: customers,
                from: flows.int(row, 1).map { ($0, flows.int(row, 2) ?? 4) },
                to: flows.int(row, 3).map { ($0, flows.int(row, 4) ?? 4) }, isNew: flows.bool(row, 5) == true)
        }
        // Lapsed: everyone who had ordered by the month, less the snapshot.
        var base = before
        for index in months.indices {
            base += months[index].newCustomers
            months[index].tierCounts[ValueFlowMonth.lapsed] = base - months[index].active
            if index > 0 && months[index].hasFlows {
                let stayed = months[index - 1].lapsed - months[index].reactivated
                months[index].tierMoves[ValueFlowMonth.lapsed][ValueFlowMonth.lapsed] = stayed
            }
        }
        return ValueFlowHistory(months: months, cutoffs: cutoffs, lastCompleteMonth: lastComplete)
    }

    /// One group of customers: their (recency, tier rank) last month and
    /// this month, nil where absent from that month's snapshot.
    static func add(
        _ month: inout ValueFlowMonth, customers: Int, from: (recency: Int, rank: Int)?,
        to: (recency: Int, rank: Int)?, isNew: Bool
    ) {
        let lapsed = ValueFlowMonth.lapsed
        // A snapshot row has an order in its 12 months: recency 0 … 11.
        func state(_ recency: Int) -> Int { min(max(recency, 0), ValueFlowMonth.recencyStates - 1) }
        if let to {
            month.recency[state(to.recency)] += customers
            month.tierCounts[to.rank - 1] += customers
        }
        switch (from, to) {
        case let (from?, to):
            if to?.recency == 0 { month.orderedFrom[state(from.recency)] += customers }
            month.tierMoves[from.rank - 1][to.map { $0.rank - 1 } ?? lapsed] += customers
        case let (nil, to?) where isNew:
            month.newCustomers += customers
            month.newTiers[to.rank - 1] += customers
        case let (nil, to?):
            month.reactivated += customers
            month.tierMoves[lapsed][to.rank - 1] += customers
        case (nil, nil):
            break
        }
    }
}
