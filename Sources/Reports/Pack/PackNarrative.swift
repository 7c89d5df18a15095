import Foundation

/// The sentences of the management pack, each written from a report's
/// table: what a manager would say looking at the numbers.
enum PackNarrative {
    static func money(_ text: String, _ currency: String) -> String { ColumnRole.money.format(text) + " " + currency }
    static func percent(_ text: String?) -> String { text.map(ColumnRole.percent.format) ?? "n/a" }
    static func count(_ text: String) -> String { ColumnRole.count.format(text) }

    /// Value tiers: the top tier's share of customers and revenue, its change
    /// on the month before, and the top two tiers together.
    static func value(_ tiers: ReportTable, previous: ReportTable?) -> String? {
        guard let top = tiers.rows.first, let tier = cell(tiers, top, "value_tier"),
            let pareto = cell(tiers, top, "pareto_share")
        else { return nil }
        var sentence = "The \(tier) tier, \(percent(cell(tiers, top, "customer_share"))) of customers, brings "
            + "\(percent(pareto)) of trailing 12-month revenue"
        if let before = previous?.rows.first(where: { cell(previous!, $0, "value_tier") == tier }),
            let change = ChangeText.points(from: cell(previous!, before, "pareto_share"), to: pareto)
        {
            sentence += change == "unchanged" ? ", unchanged on a month earlier" : ", \(change) on a month earlier"
        }
        if tiers.rows.count > 1, let two = cell(tiers, tiers.rows[1], "cumulative_share") {
            sentence += "; the top two tiers bring \(percent(two))"
        }
        return sentence + "."
    }

    /// Tier migration: how many top-tier customers stayed, how many customers moved up and down.
    static func migration(_ table: ReportTable) -> String? {
        guard let first = table.rows.first, let from = cell(table, first, "from_month"), let to = cell(table, first, "to_month")
        else { return nil }
        var up = Decimal(0)
        var down = Decimal(0)
        var stayedTop: String?
        var topTier: String?
        for row in table.rows {
            guard let fromRank = Int(cell(table, row, "from_rank") ?? ""), let toRank = Int(cell(table, row, "to_rank") ?? ""),
                let customers = DecimalText.decimal(cell(table, row, "customers"))
            else { continue }
            if toRank < fromRank { up += customers }
            if toRank > fromRank { down += customers }
            if fromRank == 1 && toRank == 1 {
                stayedTop = cell(table, row, "probability")
                topTier = cell(table, row, "from_tier")
            }
        }
        var sentence = "From \(from.prefix(7)) to \(to.prefix(7)), "
        if let stayedTop, let topTier { sentence += "\(percent(stayedTop)) of \(topTier)-tier customers stayed in it; " }
        return sentence + "\(count(DecimalText.text(up))) customers moved up at least one tier and "
            + "\(count(DecimalText.text(down))) moved down."
    }

    /// Cohort retention: month-1 retention of the latest six cohorts against the six before,
    /// each pooled (active over cohort customers).
    static func retention(_ long: ReportTable, month: Int = 1, cohorts group: Int = 6) -> String? {
        var monthRows: [(cohort: String, active: Decimal, size: Decimal)] = []
        for row in long.rows where cell(long, row, "months_since") == String(month) {
            guard let cohort = cell(long, row, "cohort"), let active = DecimalText.decimal(cell(long, row, "active_customers")),
                let size = DecimalText.decimal(cell(long, row, "cohort_customers"))
            else { continue }
            monthRows.append((cohort, active, size))
        }
        monthRows.sort { $0.cohort < $1.cohort }
        let latest = monthRows.suffix(group)
        guard let first = latest.first, let last = latest.last else { return nil }
        func pooled(_ rows: ArraySlice<(cohort: String, active: Decimal, size: Decimal)>) -> String? {
            DecimalText.ratio(rows.reduce(0) { $0 + $1.active }, rows.reduce(0) { $0 + $1.size })
        }
        var sentence = "Month-\(month) retention of the \(latest.count) latest cohorts (\(first.cohort) to \(last.cohort)) is "
            + percent(pooled(latest))
        let before = monthRows.dropLast(latest.count).suffix(group)
        if before.count == group, let earlier = pooled(before) {
            sentence += ", against \(percent(earlier)) for the \(group) cohorts before"
        }
        return sentence + "."
    }

    /// CLV: the average predicted CLV and the top tier's.
    static func clv(tiers: ReportTable, average: String?, currency: String) -> String? {
        guard let top = tiers.rows.first, let tier = cell(tiers, top, "value_tier"),
            let topCLV = cell(tiers, top, "average_predicted_clv")
        else { return nil }
        // Nothing scored as of the date: no sentence rather than a CLV of zero.
        guard let topValue = DecimalText.decimal(topCLV), topValue > 0 else { return nil }
        guard let average, let mean = DecimalText.decimal(average), mean > 0,
            let times = DecimalText.ratio(topValue, mean, places: 1)
        else {
            return "The \(tier) tier's customers are worth \(money(topCLV, currency)) each in predicted CLV."
        }
        return "Average predicted CLV is \(money(average, currency)) per customer; the \(tier) tier averages "
            + "\(money(topCLV, currency)), \(ColumnRole.decimal(1).format(times)) times as much."
    }

    /// Campaigns with a control group started in the year to the as-of date: how
    /// many raised or lowered response beyond their 95 % interval, and their revenue.
    static func campaigns(_ table: ReportTable, asOf: String?, currency: String) -> String? {
        let since = asOf.map { MonthLabel.shift(String($0.prefix(7)), by: -12) + String($0.dropFirst(7)) } ?? ""
        var tested = 0
        var raised = 0
        var lowered = 0
        var revenue = Decimal(0)
        let until = asOf ?? "9999-12-31"
        for row in table.rows {
            let start = cell(table, row, "start_date") ?? ""
            guard start > since && start <= until else { continue }
            revenue += DecimalText.decimal(cell(table, row, "attributed_revenue")) ?? 0
            guard let low = DecimalText.decimal(cell(table, row, "response_uplift_low_rate")),
                let high = DecimalText.decimal(cell(table, row, "response_uplift_high_rate"))
            else { continue }
            tested += 1
            if low > 0 { raised += 1 }
            if high < 0 { lowered += 1 }
        }
        guard tested > 0 else { return nil }
        return "Of \(tested) campaign\(tested == 1 ? "" : "s") with a control group started after \(since), \(raised) raised "
            + "the response rate (95 % interval above zero) and \(lowered) lowered it; the campaigns of these 12 months "
            + "brought \(money(DecimalText.text(revenue), currency)) of attributed revenue."
    }

    /// Channels: the leading channel's revenue share; multichannel customers' revenue against single-channel ones'.
    static func channels(_ perChannel: ReportTable, usage: ReportTable?) -> String? {
        guard let lead = largest(perChannel, by: "revenue"), let channel = cell(perChannel, lead, "channel") else { return nil }
        var sentence = "\(channel.prefix(1).uppercased() + channel.dropFirst()) brings \(percent(cell(perChannel, lead, "revenue_share"))) of revenue."
        if let usage,
            let multi = usage.rows.first(where: { cell(usage, $0, "channel_usage") == "multichannel" }),
            let single = usage.rows.first(where: { cell(usage, $0, "channel_usage") == "single channel" }),
            let multiSpend = DecimalText.decimal(cell(usage, multi, "revenue_per_customer")),
            let singleSpend = DecimalText.decimal(cell(usage, single, "revenue_per_customer")),
            let times = DecimalText.ratio(multiSpend, singleSpend, places: 1)
        {
            sentence += " Multichannel customers spend \(ColumnRole.decimal(1).format(times)) times as much each as single-channel ones."
        }
        return sentence
    }

    /// Products: the leading category and how concentrated revenue is on SKUs.
    static func products(_ categories: ReportTable, concentration: ReportTable?) -> String? {
        guard let lead = largest(categories, by: "revenue"), let category = cell(categories, lead, "category") else { return nil }
        var sentence = "\(category) leads with \(percent(cell(categories, lead, "revenue_share"))) of revenue"
        if let concentration, let row = concentration.rows.first,
            let share = cell(concentration, row, "top_20_percent_revenue_share")
        {
            sentence += "; the top 20 % of SKUs bring \(percent(share))"
        }
        return sentence + "."
    }

    /// Markets: the largest country's share of revenue and its change on the same window a year earlier.
    static func markets(_ market: ReportTable, currency: String) -> String? {
        var order: [String] = []
        var revenue: [String: Decimal] = [:]
        var lastYear: [String: Decimal] = [:]
        for row in market.rows {
            guard let country = cell(market, row, "country") else { continue }
            if revenue[country] == nil { order.append(country) }
            revenue[country, default: 0] += DecimalText.decimal(cell(market, row, "revenue")) ?? 0
            lastYear[country, default: 0] += DecimalText.decimal(cell(market, row, "revenue_last_year")) ?? 0
        }
        let total = revenue.values.reduce(0, +)
        // "other" pools the countries with too few customers to show: it is not a market to name.
        let named = order.filter { $0 != "other" }
        guard let lead = named.max(by: { revenue[$0]! < revenue[$1]! || (revenue[$0]! == revenue[$1]! && $0 > $1) }),
            let share = DecimalText.ratio(revenue[lead]!, total)
        else { return nil }
        var sentence = "\(lead) brings \(percent(share)) of revenue (\(money(DecimalText.text(revenue[lead]!), currency)))"
        if let before = lastYear[lead], before > 0,
            let change = ChangeText.change(from: DecimalText.text(before), to: DecimalText.text(revenue[lead]!), role: .money)
        {
            sentence += ", \(change) on the same months a year earlier"
        }
        let others = order.count > named.count ? " and smaller ones pooled" : ""
        return sentence + "; \(named.count) countr\(named.count == 1 ? "y" : "ies") shown\(others)."
    }

    static func cell(_ table: ReportTable, _ row: [String?], _ column: String) -> String? {
        table.columnIndex(column).flatMap { row[$0] }
    }

    /// The row with the largest value in `column`; the first of equals.
    static func largest(_ table: ReportTable, by column: String) -> [String?]? {
        var best: (row: [String?], value: Decimal)?
        for row in table.rows {
            guard let value = DecimalText.decimal(cell(table, row, column)) else { continue }
            if best == nil || value > best!.value { best = (row, value) }
        }
        return best?.row
    }
}
