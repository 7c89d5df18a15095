import Foundation

/// The multi-promotion response patterns computed in Swift from raw
/// interaction rows and campaigns (docs/marts.md, "Multi-promotion
/// response patterns"), apart from the SQL under test.
struct PromotionReference {
    /// One dw.fact_interaction row; campaign nil for a touch without campaign.
    struct Touch {
        var customerID: String
        var campaign: String?
        var type: String
        var isControl: Bool
        var epoch: Double
        /// Day in the reporting time zone (the row's date_key).
        var day: Day
    }

    struct Campaign {
        var code: String
        var channel: String?
        var type: String?
        /// The campaigns feed's start_date.
        var start: Day?
    }

    struct Contact {
        var customerID: String
        var campaign: String
        var start: Day
        var channel: String
        var type: String
        var number: Int
        var step: Int
        var respondedAt: Double?
    }

    struct Customer {
        var reached: Int
        var responded: Int
        var firstResponseStart: Day?
        var channelPath: String?
        var typePath: String?
        var steps: Int?
    }

    let contacts: [Contact]
    /// Contacted customers over all their contacts (history, not the window).
    let customers: [String: Customer]

    /// Everything known before `knownBefore` (epoch seconds; nil: all).
    init(touches allTouches: [Touch], campaigns: [Campaign], knownBefore: Double? = nil) {
        let touches = allTouches.filter { knownBefore == nil || $0.epoch < knownBefore! }
        let byCode = Dictionary(uniqueKeysWithValues: campaigns.map { ($0.code, $0) })
        // A campaign without a feed start starts on the day of its first interaction.
        var firstDay: [String: Day] = [:]
        for t in touches {
            guard let code = t.campaign else { continue }
            if firstDay[code].map({ t.day < $0 }) ?? true { firstDay[code] = t.day }
        }
        struct Pair { var control = false; var responded: Double? }
        var pairs: [String: [String: Pair]] = [:]
        for t in touches where t.customerID != "unknown" {
            guard let code = t.campaign else { continue }
            var pair = pairs[t.customerID, default: [:]][code, default: Pair()]
            pair.control = pair.control || t.isControl
            if t.type == "responded", pair.responded.map({ t.epoch < $0 }) ?? true { pair.responded = t.epoch }
            pairs[t.customerID, default: [:]][code] = pair
        }
        var contacts: [Contact] = []
        var customers: [String: Customer] = [:]
        for (customer, campaignsOfCustomer) in pairs {
            let treated = campaignsOfCustomer.filter { !$0.value.control }
            guard !treated.isEmpty else { continue }
            let starts = treated.map { (code: $0.key, start: byCode[$0.key]?.start ?? firstDay[$0.key]!) }
            let days = Set(starts.map(\.start)).sorted()
            var own: [Contact] = []
            for (code, start) in starts {
                own.append(Contact(
                    customerID: customer, campaign: code, start: start,
                    channel: byCode[code]?.channel ?? "unknown", type: byCode[code]?.type ?? "unspecified",
                    number: 1 + starts.filter { $0.start < start }.count,
                    step: 1 + days.firstIndex(of: start)!,
                    respondedAt: treated[code]!.responded))
            }
            contacts += own
            var row = Customer(
                reached: own.count, responded: own.filter { $0.respondedAt != nil }.count, firstResponseStart: nil)
            if let first = own.compactMap(\.respondedAt).min() {
                let step = own.filter { $0.respondedAt == first }.map(\.step).min()!
                row.firstResponseStart = days[step - 1]
                let shown = max(1, step - 2)...step
                func path(_ label: (Contact) -> String) -> String {
                    shown.map { s in
                        Set(own.filter { $0.step == s }.map(label)).sorted().joined(separator: "+")
                    }.joined(separator: " > ")
                }
                row.channelPath = path(\.channel)
                row.typePath = path(\.type)
                row.steps = shown.count
            }
            customers[customer] = row
        }
        self.contacts = contacts
        self.customers = customers
    }

    /// Contacts of campaigns started on or after `firstDay` (nil: all).
    func contacts(from firstDay: Day?) -> [Contact] {
        contacts.filter { firstDay == nil || !($0.start < firstDay!) }
    }

    /// Per customer with a contact in the window: (campaigns reached, responded to).
    func reach(from firstDay: Day?) -> [(reached: Int, responded: Int)] {
        var perCustomer: [String: (reached: Int, responded: Int)] = [:]
        for c in contacts(from: firstDay) {
            var row = perCustomer[c.customerID, default: (0, 0)]
            row.reached += 1
            if c.respondedAt != nil { row.responded += 1 }
            perCustomer[c.customerID] = row
        }
        return Array(perCustomer.values)
    }

    /// Contact number → (contacts, responded).
    func decay(from firstDay: Day?) -> [Int: (contacts: Int, responded: Int)] {
        var result: [Int: (contacts: Int, responded: Int)] = [:]
        for c in contacts(from: firstDay) {
            var row = result[c.number, default: (0, 0)]
            row.contacts += 1
            if c.respondedAt != nil { row.responded += 1 }
            result[c.number] = row
        }
        return result
    }

    /// Channel (or campaign type) path → customers whose first response's
    /// campaign started in the window.
    func paths(from firstDay: Day?, ofTypes: Bool = false) -> [String: (steps: Int, customers: Int)] {
        var result: [String: (steps: Int, customers: Int)] = [:]
        for row in customers.values {
            guard let path = ofTypes ? row.typePath : row.channelPath, let start = row.firstResponseStart else { continue }
            if let firstDay, start < firstDay { continue }
            result[path, default: (row.steps!, 0)].customers += 1
        }
        return result
    }

    /// The 95 % Wilson score interval of x successes in n.
    static func wilson(_ x: Int, _ n: Int) -> (low: Double, high: Double) {
        let z = 1.959964, p = Double(x) / Double(n), n = Double(n)
        let center = p + z * z / (2 * n)
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return ((center - half) / (1 + z * z / n), (center + half) / (1 + z * z / n))
    }
}
