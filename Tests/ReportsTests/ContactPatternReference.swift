import Foundation
import PostgresClient

/// The contact patterns recomputed in Swift from the raw interaction rows
/// (docs/marts.md, "Channel interaction patterns"), in UTC, the reporting
/// time zone of the test warehouses: the channel of each row (its own, else
/// its campaign's), which contact each response and unsubscribe answers,
/// cells by channel, type, weekday and hour, customer-months by channel and
/// each customer's preferred channel and best hour.
struct ContactPatternReference {
    struct Row {
        var id: String
        var customer: String
        var campaign: Int
        var type: String
        var epoch: Int
        var channel: String

        var day: Int { Int((Double(epoch) / 86_400).rounded(.down)) }
        var hour: Int { (epoch - day * 86_400) / 3600 }
        /// ISO weekday: 1970-01-01 was a Thursday (4).
        var weekday: Int { ((day + 3) % 7 + 7) % 7 + 1 }
        var month: Int {
            let date = Date(timeIntervalSince1970: TimeInterval(day * 86_400))
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let parts = calendar.dateComponents([.year, .month], from: date)
            return parts.year! * 12 + parts.month! - 1
        }
    }

    struct Preference: Equatable {
        var responses: Int
        var channel: String?
        var hour: Int?
        var reason: String?
    }

    let rows: [Row]

    /// Every interaction, control-group rows and the unknown customer left out.
    static func read(_ connection: Connection) throws -> ContactPatternReference {
        let result = try connection.query(
            """
            select i.interaction_id, i.customer_id, i.campaign_key::text, i.interaction_type,
                extract(epoch from i.occurred_at)::bigint::text, i.is_control::text, i.channel_key::text,
                ch.channel, cp.channel
            from dw.fact_interaction as i
            left join dw.dim_channel as ch on ch.channel_key = i.channel_key
            left join dw.dim_campaign as cp on cp.campaign_key = i.campaign_key
            """)
        var rows: [Row] = []
        for r in result.rows where r[5] == "false" && r[1] != "unknown" {
            let own = r[6] == "-1" ? nil : r[7]
            let campaignChannel = (r[8] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            rows.append(Row(
                id: r[0]!, customer: r[1]!, campaign: Int(r[2]!)!, type: r[3]!, epoch: Int(r[4]!)!,
                channel: own ?? (campaignChannel.isEmpty ? "unknown" : campaignChannel)))
        }
        return ContactPatternReference(rows: rows)
    }

    func known(before epoch: Int?) -> [Row] {
        guard let epoch else { return rows }
        return rows.filter { $0.epoch < epoch }
    }

    /// The contacts each response and unsubscribe answers: the latest
    /// contact (sent) of the same customer and campaign at or before it
    /// (without a campaign: of none, on the same channel); every contact at
    /// that instant.
    static func outcomes(_ rows: [Row]) -> (answered: Set<String>, optedOut: Set<String>) {
        var contacts: [String: [Row]] = [:]
        for r in rows where r.type == "sent" { contacts[r.customer, default: []].append(r) }
        var answered = Set<String>(), optedOut = Set<String>()
        for r in rows where r.type == "responded" || r.type == "unsubscribe" {
            let candidates = (contacts[r.customer] ?? []).filter {
                $0.campaign == r.campaign && $0.epoch <= r.epoch && (r.campaign != -1 || $0.channel == r.channel)
            }
            guard let latest = candidates.map(\.epoch).max() else { continue }
            for c in candidates where c.epoch == latest {
                if r.type == "responded" { answered.insert(c.id) } else { optedOut.insert(c.id) }
            }
        }
        return (answered, optedOut)
    }

    /// "channel type weekday hour" → "interactions/answered/opted out" over
    /// the months first … last (month indexes) of the rows known before `knownBefore`.
    func cells(firstMonth: Int, lastMonth: Int, knownBefore: Int?) -> [String: String] {
        let known = known(before: knownBefore)
        let (answered, optedOut) = Self.outcomes(known)
        var counts: [String: (Int, Int, Int)] = [:]
        for r in known where (firstMonth...lastMonth).contains(r.month) {
            let key = "\(r.channel) \(r.type) \(r.weekday) \(r.hour)"
            var c = counts[key] ?? (0, 0, 0)
            c.0 += 1
            if answered.contains(r.id) { c.1 += 1 }
            if optedOut.contains(r.id) { c.2 += 1 }
            counts[key] = c
        }
        return counts.mapValues { "\($0.0)/\($0.1)/\($0.2)" }
    }

    /// "channel pressure" → "customer-months/responded/opted out", pressure
    /// the contacts on the channel in the customer-month, 10 for 10 or more.
    func pressure(firstMonth: Int, lastMonth: Int) -> [String: String] {
        var months: [String: (contacts: Int, responded: Bool, optedOut: Bool, channel: String)] = [:]
        for r in rows where (firstMonth...lastMonth).contains(r.month) {
            let key = "\(r.customer) \(r.month) \(r.channel)"
            var m = months[key] ?? (0, false, false, r.channel)
            if r.type == "sent" { m.contacts += 1 }
            if r.type == "responded" { m.responded = true }
            if r.type == "unsubscribe" { m.optedOut = true }
            months[key] = m
        }
        var cells: [String: (Int, Int, Int)] = [:]
        for m in months.values where m.contacts > 0 {
            let key = "\(m.channel) \(min(m.contacts, 10))"
            var c = cells[key] ?? (0, 0, 0)
            c.0 += 1
            if m.responded { c.1 += 1 }
            if m.optedOut { c.2 += 1 }
            cells[key] = c
        }
        return cells.mapValues { "\($0.0)/\($0.1)/\($0.2)" }
    }

    /// Each customer's preference from the rows known before `knownBefore`.
    func preferences(knownBefore: Int?) -> [String: Preference] {
        var byCustomer: [String: [Row]] = [:]
        for r in known(before: knownBefore) { byCustomer[r.customer, default: []].append(r) }
        return byCustomer.mapValues { rows in
            let responses = rows.filter { $0.type == "responded" }
            guard !responses.isEmpty else { return Preference(responses: 0, channel: nil, hour: nil, reason: "no responses") }
            guard let channel = Self.mostOf(responses, by: \.channel) else {
                return Preference(responses: responses.count, channel: nil, hour: nil, reason: "tied channels")
            }
            let hour = Self.mostOf(responses.filter { $0.channel == channel }, by: \.hour)
            return Preference(responses: responses.count, channel: channel, hour: hour, reason: nil)
        }
    }

    /// The value most rows have; equal counts: the value of the latest row
    /// among them; nil when that still ties.
    static func mostOf<Value: Hashable>(_ rows: [Row], by value: (Row) -> Value) -> Value? {
        var groups: [Value: (count: Int, latest: Int)] = [:]
        for r in rows {
            let g = groups[value(r)] ?? (0, Int.min)
            groups[value(r)] = (g.count + 1, max(g.latest, r.epoch))
        }
        let best = groups.values.max { ($0.count, $0.latest) < ($1.count, $1.latest) }!
        let top = groups.filter { $0.value.count == best.count && $0.value.latest == best.latest }
        return top.count == 1 ? top.first!.key : nil
    }
}
