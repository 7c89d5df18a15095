import Foundation

/// The planted market mix: each person's acquisition channel, a purchase
/// frequency multiplier per acquisition channel and per country, and a few
/// people who give no address. A person with multiplier m (channel × country)
/// buys at m times the rate with a dropout per purchase divided by m: the
/// same expected lifetime, m times the repeat purchases in it. What that
/// did to each country × channel is counted as the orders are written and
/// goes to the manifest, as the market report should find it.
enum MarketMix {
    /// By index into `ReferenceData.signupChannels` (web, store, phone, referral, social, app).
    static let channelFrequency = [1.0, 1.3, 1.0, 1.8, 1.0, 1.3]
    static let countryFrequency = ["US": 1.0, "DE": 1.4, "GB": 1.0, "FR": 1.0, "NL": 1.6, "IT": 1.0]

    /// The acquisition channel of person `index`; every record of the person names it.
    static func channel(index: Int, _ p: Person) -> Int {
        (index + Int(p.primarySystem)) % ReferenceData.signupChannels.count
    }

    /// Every 40th person known to one system who never moves gives no city
    /// or country, and so no phone either (a national number cannot be read
    /// without its country).
    static func hasNoAddress(index: Int, _ p: Person) -> Bool {
        !p.isGhost && !p.hasSecond && p.changeDay == 0 && index % 40 == 7
    }

    static func multiplier(index: Int, _ p: Person) -> Double {
        channelFrequency[channel(index: index, p)] * (countryFrequency[Market.all[Int(p.market)].country] ?? 1)
    }

    /// Applies the multiplier to a person's hidden behaviour (m ≥ 1, so the dropout stays a probability).
    static func plant(index: Int, _ p: inout Person) {
        let m = multiplier(index: index, p)
        p.rate *= Float(m)
        p.dropout /= Float(m)
    }

    /// The report's default windows over the history ending on `endDay`:
    /// the 12 months to the end and the 12 before, as day numbers.
    struct Windows {
        let periodStart: Int
        let previousStart: Int

        init(endDay: Int) {
            // Whole months back from the day after the end, a missing day
            // (29 February) taken as the month's last, as PostgreSQL does.
            func monthsBack(_ months: Int) -> Int {
                let next = Civil.date(endDay + 1)
                let index = next.year * 12 + next.month - 1 - months
                let year = index / 12, month = index % 12 + 1
                var day = next.day
                while Civil.date(Civil.day(year: year, month: month, day: day)).month != month { day -= 1 }
                return Civil.day(year: year, month: month, day: day)
            }
            periodStart = monthsBack(12)
            previousStart = monthsBack(24)
        }
    }

    /// Counts an order (at UTC second `t`) that kept a purchase line, as
    /// the warehouse counts orders: on its day, once.
    static func count(orderAt t: Int64, of p: inout Person, windows: Windows) {
        let day = Int32(t / 86_400)
        if p.firstOrderDay < 0 { p.firstOrderDay = day }
        if day >= windows.periodStart {
            p.periodOrders += 1
        } else if day >= windows.previousStart {
            p.previousOrders += 1
        }
    }

    /// What the market report should show per country and acquisition
    /// channel over the last 12 months of history.
    static func manifestEntry(people: [Person], endDay: Int) -> Manifest.MarketMix {
        let windows = Windows(endDay: endDay)
        var cells: [String: Manifest.MarketCell] = [:]
        for (index, p) in people.enumerated() where p.firstOrderDay >= 0 {
            let noAddress = p.isGhost || hasNoAddress(index: index, p)
            let country = noAddress ? "unknown" : Market.all[Int(p.market)].country
            let channel = p.isGhost ? "unknown" : ReferenceData.signupChannels[self.channel(index: index, p)]
            var cell = cells[country + "|" + channel] ?? Manifest.MarketCell(country: country, acquisitionChannel: channel)
            cell.customers += 1
            if p.firstOrderDay >= windows.periodStart { cell.newCustomers += 1 }
            if p.periodOrders > 0 { cell.activeCustomers += 1 }
            if p.previousOrders > 0 { cell.previousActiveCustomers += 1 }
            if p.periodOrders > 0 && p.previousOrders > 0 { cell.retainedCustomers += 1 }
            cell.orders += Int(p.periodOrders)
            cells[country + "|" + channel] = cell
        }
        func iso(_ day: Int) -> String {
            let d = Civil.date(day)
            return String(format: "%04d-%02d-%02d", d.year, d.month, d.day)
        }
        return Manifest.MarketMix(
            channelFrequency: Dictionary(uniqueKeysWithValues: zip(ReferenceData.signupChannels, channelFrequency)),
            countryFrequency: countryFrequency,
            periodStart: iso(windows.periodStart), previousStart: iso(windows.previousStart),
            cells: cells.values.sorted { ($0.country, $0.acquisitionChannel) < ($1.country, $1.acquisitionChannel) })
    }
}

extension Manifest {
    /// The planted market mix and what it did: the purchase frequency
    /// multipliers, and per country and acquisition channel the customers
    /// and orders the market report should show for the last 12 months.
    public struct MarketMix: Codable, Sendable {
        /// Purchase frequency multiplier per acquisition channel; a person's is channel × country.
        public var channelFrequency: [String: Double]
        public var countryFrequency: [String: Double]
        /// First day of the last 12 months of history (the report's default period), and of the 12 before.
        public var periodStart: String
        public var previousStart: String
        public var cells: [MarketCell]
    }

    /// One country × acquisition channel ("unknown" for people without an
    /// address or a contact), counted as the warehouse counts: an order is
    /// one with a purchase line, on its UTC day.
    public struct MarketCell: Codable, Sendable {
        public var country: String
        public var acquisitionChannel: String
        /// People with an order by the end of history.
        public var customers = 0
        /// With an order in the period; their first order in it; their orders in it.
        public var activeCustomers = 0
        public var newCustomers = 0
        public var orders = 0
        /// With an order in the 12 months before; of them, also in the period.
        public var previousActiveCustomers = 0
        public var retainedCustomers = 0
    }
}
