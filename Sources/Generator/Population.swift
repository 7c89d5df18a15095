import Foundation

/// Source systems that know customers under their own ids.
enum SourceSystem: Int {
    case web = 0, store = 1, callcenter = 2

    static let names = ["web", "store", "callcenter"]
    /// Prefix of the ids each system issues ("W0000123").
    static let idPrefixes = ["W", "S", "C"]
    static let cumulativeWeights = [0.55, 0.85, 1.0]
}

/// One synthetic person and their hidden behaviour (BG/NBD-style: a purchase
/// rate drawn from a Gamma across people, a dropout probability after each
/// purchase drawn from a Beta, and a spend level drawn from a log-normal).
struct Person {
    var market: UInt8
    var city: UInt8
    /// City after an address change (same as `city` when none).
    var newCity: UInt8
    var firstName: UInt16
    var lastName: UInt16
    var primarySystem: UInt8
    /// 255 when the person is known to one system only.
    var secondSystem: UInt8 = 255
    /// How the second record links: 1 = same email (formatted differently), 2 = same phone only.
    var link: UInt8 = 0
    var primaryId: Int32
    var secondId: Int32 = 0
    var signupDay: Int32
    /// Day of the address change, 0 when none.
    var changeDay: Int32 = 0
    var hasEmail: Bool
    var hasPhone: Bool
    var optIn: Bool
    var unsubscribed = false
    /// In transactions only: exercises inferred members.
    var isGhost = false
    var neverBuys: Bool
    var rate: Float  // purchases per day while active
    var dropout: Float
    var spend: Float
    var favoriteCategory: UInt8
    var contacts: UInt16 = 0
    var orders: Int32 = 0
    var revenue: Double = 0
    /// UTC day of the first order with a purchase line (−1: none), and such
    /// orders in the last 12 months of history and the 12 before (MarketMix).
    var firstOrderDay: Int32 = -1
    var periodOrders: Int32 = 0
    var previousOrders: Int32 = 0

    var hasSecond: Bool { secondSystem != 255 }
}

/// Creates the people: most known to one system, some to two (the identity
/// resolution cases), a few only in transactions.
enum Population {
    static func make(options: GeneratorOptions, rng: inout RandomSource) -> [Person] {
        let ghosts = max(1, options.customers / 100)
        var nextId = [Int32](repeating: 1, count: 3)
        var people: [Person] = []
        people.reserveCapacity(options.customers + ghosts)
        let span = Double(options.endDay - 14 - options.startDay)
        for i in 0..<(options.customers + ghosts) {
            let m = rng.weighted(Market.cumulativeWeights)
            let market = Market.all[m]
            let system = rng.weighted(SourceSystem.cumulativeWeights)
            // Acquisition grows slowly over the history (more sign-ups later)
            // and follows the shopping calendar: first orders come at sign-up.
            var signup: Int
            repeat {
                signup = options.startDay + Int(span * pow(rng.unit(), 0.85))
            } while rng.unit() * PurchaseProcess.peak >= PurchaseProcess.seasonality(day: signup)
            let city = rng.below(market.cities.count)
            var p = Person(
                market: UInt8(m), city: UInt8(city), newCity: UInt8(city),
                firstName: UInt16(rng.below(ReferenceData.firstNames.count)),
                lastName: UInt16(rng.below(ReferenceData.lastNames.count)),
                primarySystem: UInt8(system), primaryId: nextId[system], signupDay: Int32(signup),
                hasEmail: rng.chance(system == 0 ? 0.97 : 0.8), hasPhone: rng.chance(0.85), optIn: rng.chance(0.7),
                neverBuys: rng.chance(0.08),
                rate: Float(rng.gamma(shape: 0.55, scale: 1.0 / 55.0)),
                dropout: Float(rng.beta(0.9, 2.2)),
                spend: Float(rng.logNormal(mu: 0, sigma: 0.55)),
                favoriteCategory: UInt8(rng.below(Category.all.count)))
            nextId[system] += 1
            if i >= options.customers {
                p.isGhost = true
                p.neverBuys = false
                p.primarySystem = UInt8(SourceSystem.store.rawValue)
                p.primaryId = 9_000_000 + Int32(i - options.customers)
            } else if rng.chance(0.08), p.hasEmail || p.hasPhone {
                // Also known to a second system, linked by email or, failing that, phone.
                let second = (system + 1 + rng.below(2)) % 3
                p.secondSystem = UInt8(second)
                p.secondId = nextId[second]
                nextId[second] += 1
                p.link = p.hasEmail && (!p.hasPhone || rng.chance(0.6)) ? 1 : 2
            }
            if !p.isGhost, rng.chance(0.06), market.cities.count > 1 {
                p.newCity = UInt8((city + 1 + rng.below(market.cities.count - 1)) % market.cities.count)
                p.changeDay = Int32(signup + 1 + rng.below(max(1, options.endDay - signup - 1)))
            }
            if !p.isGhost { MarketMix.plant(index: i, &p) }
            people.append(p)
        }
        return people
    }

    /// The id a person has in a system ("W0000123").
    static func customerId(system: Int, number: Int32, into out: ByteWriter) {
        out.text(StaticStringTable.idPrefix(system))
        out.padded(Int(number), width: 7)
    }

    static func email(_ p: Person, index: Int) -> String {
        ReferenceData.firstNames[Int(p.firstName)].lowercased() + "." + ReferenceData.lastNames[Int(p.lastName)].lowercased()
            + String(index) + "@" + ReferenceData.emailDomains[index % ReferenceData.emailDomains.count]
    }

    /// 7 digits unique to the person (a bijection of the index), so no two
    /// people share a phone number by accident.
    static func subscriber(index: Int) -> Int { (index &* 7919 &+ 1_234_567) % 10_000_000 }
}

/// Static strings for ids, avoiding a String per row.
enum StaticStringTable {
    static func idPrefix(_ system: Int) -> StaticString {
        switch system {
        case 0: return "W"
        case 1: return "S"
        default: return "C"
        }
    }

    static func systemName(_ system: Int) -> StaticString {
        switch system {
        case 0: return "web"
        case 1: return "store"
        default: return "callcenter"
        }
    }
}
