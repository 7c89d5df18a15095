/// Plants a known effect of contact on upward tier moves: a contacted
/// customer who was lapsed or new at the start of the contact's month
/// (UTC, the generated data's reporting time zone) orders once more later
/// in that month with `extraOrderChance`. A lapsed customer's order moves
/// them up to at least low; a new customer's second order lifts their
/// trailing revenue and often their tier. Other customers get nothing extra,
/// so the effect there is zero. Draws come from its own stream, so the
/// feeds are unchanged apart from the extra orders.
struct MigrationPlant {
    static let segments = ["lapsed", "new"]
    static let extraOrderChance = 0.5
    /// A recent first-time buyer: at most this many days from the order to the month's start − 1.
    static let newCustomerDays = 90
    /// Heap markers: a treatment contact to judge, and the extra order it caused.
    static let contactEvent: Int32 = -3
    static let extraOrderEvent: Int32 = -2

    var rng: RandomSource
    /// The stream the extra orders' lines are drawn from.
    var lineRandom: RandomSource
    private var lastOrderDay: [Int32]
    private var orders: [Int32]
    /// Month index (year × 12 + month − 1) of the last order, and the orders
    /// and last order day before that month began: the state at its start.
    private var lastOrderMonth: [Int32]
    private var ordersAtMonthStart: [Int32]
    private var lastDayAtMonthStart: [Int32]
    /// Month index (year × 12 + month) of the last contact judged, so a month draws once per customer.
    private var judgedMonth: [Int32]
    private var contacted: [String: Int] = [:]
    private var extraOrders: [String: Int] = [:]

    init(customers: Int, rng: RandomSource) {
        self.rng = rng
        lineRandom = rng.derived(1)
        lastOrderDay = Array(repeating: .min, count: customers)
        orders = Array(repeating: 0, count: customers)
        lastOrderMonth = Array(repeating: .min, count: customers)
        ordersAtMonthStart = Array(repeating: 0, count: customers)
        lastDayAtMonthStart = Array(repeating: .min, count: customers)
        judgedMonth = Array(repeating: .min, count: customers)
    }

    /// An order with a purchase line kept (not all returned) at `utcSeconds`.
    mutating func recordOrder(person: Int, utcSeconds: Int64) {
        let day = Int32(utcSeconds / 86_400)
        let month = Self.monthIndex(Int(day))
        if month != lastOrderMonth[person] {
            lastOrderMonth[person] = month
            ordersAtMonthStart[person] = orders[person]
            lastDayAtMonthStart[person] = lastOrderDay[person]
        }
        orders[person] += 1
        lastOrderDay[person] = max(lastOrderDay[person], day)
    }

    static func monthIndex(_ day: Int) -> Int32 {
        let date = Civil.date(day)
        return Int32(date.year * 12 + date.month - 1)
    }

    /// At a treatment contact: the extra order's time, or nil.
    mutating func extraOrder(person: Int, contactSeconds: Int64, endSeconds: Int64) -> Int64? {
        let day = Int(contactSeconds / 86_400)
        let date = Civil.date(day)
        let month = Self.monthIndex(day)
        guard judgedMonth[person] != month else { return nil }
        judgedMonth[person] = month
        let monthStart = Civil.day(year: date.year, month: date.month, day: 1)
        let nextMonth = Civil.day(year: date.month == 12 ? date.year + 1 : date.year, month: date.month % 12 + 1, day: 1)
        let windowStart = Civil.day(year: date.year - 1, month: date.month, day: 1)
        // Orders dated before the month's start: the state the warehouse ranks at it.
        let orderedThisMonth = lastOrderMonth[person] == month
        let before = orderedThisMonth ? Int(ordersAtMonthStart[person]) : Int(orders[person])
        let last = Int(orderedThisMonth ? lastDayAtMonthStart[person] : lastOrderDay[person])
        guard before > 0 else { return nil }
        let segment: String
        if last < windowStart {
            segment = "lapsed"
        } else if before == 1 && monthStart - 1 - last <= Self.newCustomerDays {
            segment = "new"
        } else {
            segment = "other"
        }
        contacted[segment, default: 0] += 1
        guard segment != "other", rng.chance(Self.extraOrderChance) else { return nil }
        let monthEnd = min(Int64(nextMonth) * 86_400, endSeconds)
        let room = monthEnd - contactSeconds - 7_200
        guard room > 0 else { return nil }
        extraOrders[segment, default: 0] += 1
        return contactSeconds + 3_600 + Int64(rng.below(Int(room)))
    }

    var manifest: Manifest.MigrationPlant {
        Manifest.MigrationPlant(
            segments: Self.segments, extraOrderChance: Self.extraOrderChance,
            cells: (Self.segments + ["other"]).map {
                Manifest.MigrationPlantCell(
                    segment: $0, contactedCustomerMonths: contacted[$0, default: 0], extraOrders: extraOrders[$0, default: 0])
            })
    }
}
