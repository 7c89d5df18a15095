import Foundation

/// When people buy: a Poisson process per person whose rate follows the
/// calendar (weekends, November, the December peak), thinned from the
/// peak rate, with a dropout coin after every purchase (BG/NBD).
struct PurchaseProcess {
    let endSeconds: Int64
    /// Multiplies every person's rate; calibrated so lines land near the target.
    var intensity = 1.0

    static let weekdayFactor = [0.85, 0.9, 0.95, 1.0, 1.1, 1.3, 1.05]  // Monday first
    static let peak = 1.3 * 1.8

    static func seasonality(day: Int) -> Double {
        let d = Civil.date(day)
        let month: Double
        switch d.month {
        case 12: month = d.day <= 24 ? 1.8 : 1.1
        case 11: month = d.day >= 20 ? 1.5 : 1.1
        case 1: month = 0.8
        default: month = 1.0
        }
        return weekdayFactor[Civil.weekday(day)] * month
    }

    /// The time of the first purchase: the sign-up day, in shop hours.
    func firstPurchase(_ p: Person, rng: inout RandomSource) -> Int64 {
        Int64(p.signupDay) * 86_400 + Int64(9 * 3600 + rng.below(12 * 3600))
            - Int64(Market.all[Int(p.market)].utcOffsetMinutes * 60)
    }

    /// After a purchase at `t`: nil if the person drops out or the next
    /// purchase would fall after the end of history.
    func nextPurchase(_ p: Person, after t: Int64, rng: inout RandomSource) -> Int64? {
        if rng.chance(Double(p.dropout)) { return nil }
        let rate = Double(p.rate) * intensity * PurchaseProcess.peak
        guard rate > 0 else { return nil }
        var days = Double(t) / 86_400
        let end = Double(endSeconds) / 86_400
        while true {
            days += rng.exponential(mean: 1 / rate)
            if days >= end { return nil }
            if rng.unit() * PurchaseProcess.peak < PurchaseProcess.seasonality(day: Int(days)) {
                // Keep the time of day in shop hours so orders are not at 3 a.m. local.
                let day = floor(days)
                let local = Int64(9 * 3600) + Int64((days - day) * 12 * 3600)
                let s = Int64(day) * 86_400 + local - Int64(Market.all[Int(p.market)].utcOffsetMinutes * 60)
                return s > t ? s : t + 3600
            }
        }
    }

    /// Mean lines per order for a person: bigger spenders fill bigger baskets.
    static func meanLines(_ p: Person) -> Double { 1 + 0.8 * min(Double(p.spend), 4) }

    /// Sets `intensity` so the expected number of regular order lines is
    /// close to `targetLines`, by bisection on a fixed sample of people
    /// (the same random numbers each round, so the count is monotone).
    mutating func calibrate(people: [Person], targetLines: Double, seed: UInt64) {
        let sample = Array(people.prefix(3000))
        guard !sample.isEmpty, targetLines > 0 else { return }
        let scale = Double(people.count) / Double(sample.count)
        var low = log(0.01), high = log(200.0)
        for _ in 0..<22 {
            let mid = (low + high) / 2
            intensity = exp(mid)
            var rng = RandomSource(seed: seed)
            var lines = 0.0
            for p in sample where !p.neverBuys {
                var t = firstPurchase(p, rng: &rng)
                // About as many people make the gateway category their first
                // order's as favour it: count them as its customers.
                var p = p
                if p.favoriteCategory == ProductStructurePlant.gatewayCategory { ProductStructurePlant.applyGateway(&p) }
                var orders = 1
                while orders < 5000, let next = nextPurchase(p, after: t, rng: &rng) {
                    t = next
                    orders += 1
                }
                lines += Double(orders) * PurchaseProcess.meanLines(p)
            }
            if lines * scale < targetLines { low = mid } else { high = mid }
        }
        intensity = exp((low + high) / 2)
    }
}

/// A binary min-heap of pending purchases, ordered by time then person so
/// the output is deterministic.
struct EventHeap {
    struct Event {
        var time: Int64
        var person: Int32
        /// Campaign index for a campaign response, −1 for a regular purchase.
        var campaign: Int32

        func precedes(_ o: Event) -> Bool {
            time != o.time ? time < o.time : (person != o.person ? person < o.person : campaign < o.campaign)
        }
    }

    private var items: [Event] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ e: Event) {
        items.append(e)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard items[i].precedes(items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() -> Event? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count, items[l].precedes(items[m]) { m = l }
                if r < items.count, items[r].precedes(items[m]) { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return first
    }
}
