import Analytics
import Foundation
import Scoring

/// The features of every customer with an order on or before `date`, from
/// the history's rows dated on or before it (docs/marts.md, "Propensity"):
/// the rows are the population's customers in history order.
struct FeatureSnapshot {
    let date: CalendarDate
    /// History customer indices, one per row.
    let customers: [Int]
    let matrix: FeatureMatrix
    /// Value tier per row at `date` (1 top … 4 low, 5 lapsed): the tier-move labels compare two dates' tiers.
    let tierRanks: [Int]

    /// Days without a contact are capped here (and "never contacted" is its own feature).
    static let contactDaysCap = 1095

    /// - Parameter aliveProbability: P(alive) at `date` per population customer
    ///   (``AliveProbabilities``); used when the layout has the feature.
    init(
        history: CustomerHistory, layout: FeatureLayout, date: CalendarDate, tiers: TierShares,
        aliveProbability: [Double]?
    ) {
        self.date = date
        let day = Int32(date.daysSinceEpoch)
        let sales = history.sales
        let contacts = history.contacts
        let d30 = day - 30, d90 = day - 90
        let start12 = Int32(date.trailingWindowStart(months: 12).daysSinceEpoch)
        let start6 = Int32(date.trailingWindowStart(months: 6).daysSinceEpoch)
        let earlier = date.monthsEarlier(3)
        let earlierDay = Int32(earlier.daysSinceEpoch)
        let earlierStart12 = Int32(earlier.trailingWindowStart(months: 12).daysSinceEpoch)

        // Pass 1: who is in the population, and their trailing revenue now and 3 months before.
        var population: [Int] = []
        var trailing: [Int64?] = []
        var trailingBefore: [Int64?] = []
        var orderedBefore: [Bool] = []
        for c in 0..<history.customerCount {
            var first = Int32.max
            var revenue12: Int64 = 0, orders12 = 0
            var revenueBefore: Int64 = 0, ordersBefore = 0, ordersByEarlier = 0
            for r in sales.rows(of: c) where sales.day[r] <= day {
                let rowDay = sales.day[r]
                if sales.orders[r] > 0 { first = min(first, rowDay) }
                if rowDay >= start12 {
                    revenue12 += sales.revenue[r]
                    orders12 += Int(sales.orders[r])
                }
                if rowDay <= earlierDay {
                    ordersByEarlier += Int(sales.orders[r])
                    if rowDay >= earlierStart12 {
                        revenueBefore += sales.revenue[r]
                        ordersBefore += Int(sales.orders[r])
                    }
                }
            }
            guard first <= day else { continue }
            population.append(c)
            trailing.append(orders12 > 0 ? revenue12 : nil)
            trailingBefore.append(ordersBefore > 0 ? revenueBefore : nil)
            orderedBefore.append(ordersByEarlier > 0)
        }
        let tierNow = tiers.ranks(trailing)
        // Three months before, ranked among the customers who had ordered by then.
        let before = population.indices.filter { orderedBefore[$0] }
        let tierBeforeRanks = tiers.ranks(before.map { trailingBefore[$0] })
        var tierBefore = [Int?](repeating: nil, count: population.count)
        for (k, i) in before.enumerated() { tierBefore[i] = tierBeforeRanks[k] }

        // Pass 2: the feature rows.
        let channelCount = history.channels.count
        var matrix = FeatureMatrix(names: layout.names)
        matrix.reserveRows(population.count)
        var row = [Double]()
        row.reserveCapacity(layout.names.count)
        var channelOrders = [Int](repeating: 0, count: channelCount)
        var contacts12 = [Int](repeating: 0, count: channelCount)
        var respondedOn = [Bool](repeating: false, count: channelCount)
        for (i, c) in population.enumerated() {
            for k in 0..<channelCount {
                channelOrders[k] = 0
                contacts12[k] = 0
                respondedOn[k] = false
            }
            var first = Int32.max, last = Int32.min
            var orders = 0, orders30 = 0, orders90 = 0, orders12 = 0
            var revenue: Int64 = 0, revenue12: Int64 = 0, revenue6: Int64 = 0, returned: Int64 = 0
            for r in sales.rows(of: c) where sales.day[r] <= day {
                let rowDay = sales.day[r], n = Int(sales.orders[r])
                if n > 0 {
                    first = min(first, rowDay)
                    last = max(last, rowDay)
                }
                orders += n
                if rowDay > d30 { orders30 += n }
                if rowDay > d90 { orders90 += n }
                if rowDay >= start12 {
                    orders12 += n
                    revenue12 += sales.revenue[r]
                }
                if rowDay >= start6 { revenue6 += sales.revenue[r] }
                revenue += sales.revenue[r]
                returned += sales.returned[r]
                channelOrders[Int(sales.channel[r])] += n
            }
            var allContacts = 0, contacts90 = 0, responses = 0, opens12 = 0, clicks12 = 0, service12 = 0
            var lastContact = Int32.min
            var unsubscribed = false, complained = false
            for r in contacts.rows(of: c) where contacts.day[r] <= day {
                let rowDay = contacts.day[r], channel = Int(contacts.channel[r])
                let n = Int(contacts.contacts[r])
                allContacts += n
                if n > 0 { lastContact = max(lastContact, rowDay) }
                if rowDay > d90 { contacts90 += n }
                responses += Int(contacts.responses[r])
                if contacts.responses[r] > 0 { respondedOn[channel] = true }
                if rowDay >= start12 {
                    contacts12[channel] += n
                    opens12 += Int(contacts.opens[r])
                    clicks12 += Int(contacts.clicks[r])
                    service12 += Int(contacts.serviceContacts[r])
                }
                if contacts.unsubscribes[r] > 0 { unsubscribed = true }
                if contacts.complaints[r] > 0 { complained = true }
            }

            let money = { (value: Int64) in Double(value) / 10_000 }
            row.removeAll(keepingCapacity: true)
            row.append(log1p(Double(day - last)))
            row.append(log1p(Double(day - first)))
            row.append(log1p(Double(orders)))
            row.append(log1p(Double(orders30)))
            row.append(log1p(Double(orders90)))
            row.append(log1p(Double(orders12)))
            row.append(Self.signedLog(money(revenue)))
            row.append(Self.signedLog(money(revenue12)))
            row.append(Self.signedLog(money(revenue) / Double(orders)))
            let gross = revenue + returned
            row.append(gross > 0 ? min(1, max(0, Double(returned) / Double(gross))) : 0)
            let prior6 = revenue12 - revenue6
            let swing = abs(Double(revenue6)) + abs(Double(prior6))
            row.append(swing > 0 ? Double(revenue6 - prior6) / swing : 0)
            let tier = tierNow[i]
            row.append(tier <= 2 ? 1 : 0)
            row.append(tier == 3 ? 1 : 0)
            row.append(tier == 4 ? 1 : 0)
            row.append(tierBefore[i].map { tier < $0 ? 1 : 0 } ?? 0)
            row.append(tierBefore[i].map { tier > $0 ? 1 : 0 } ?? 0)
            row.append(tierBefore[i] == nil ? 1 : 0)
            if layout.withAliveProbability { row.append(aliveProbability?[c] ?? 0) }
            row.append(Double(channelOrders.lazy.filter { $0 > 0 }.count))
            for channel in layout.shareChannels { row.append(Double(channelOrders[channel]) / Double(orders)) }
            row.append(log1p(Double(allContacts)))
            row.append(log1p(Double(contacts90)))
            let sinceContact = lastContact == Int32.min ? Self.contactDaysCap : min(Self.contactDaysCap, Int(day - lastContact))
            row.append(log1p(Double(sinceContact)))
            row.append(lastContact == Int32.min ? 1 : 0)
            row.append(log1p(Double(responses)))
            for channel in layout.contactChannels {
                row.append(log1p(Double(contacts12[channel])))
                row.append(respondedOn[channel] ? 1 : 0)
            }
            row.append(log1p(Double(opens12)))
            row.append(log1p(Double(clicks12)))
            row.append(unsubscribed ? 1 : 0)
            row.append(complained ? 1 : 0)
            row.append(log1p(Double(service12)))
            matrix.append(row)
        }
        customers = population
        self.matrix = matrix
        tierRanks = tierNow
    }

    /// sign(x) · ln(1 + |x|): money on a log scale that keeps net-negative customers apart.
    static func signedLog(_ x: Double) -> Double {
        x < 0 ? -log1p(-x) : log1p(x)
    }
}
