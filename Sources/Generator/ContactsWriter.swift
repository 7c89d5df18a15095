/// Writes contacts.csv: one row per source record, then the address
/// changes (a later row for the same source id with a new city and a later
/// `updated_at`, which a type-2 dimension keeps as a new version).
struct ContactsWriter {
    struct Result {
        var records = 0
        var sourceIds = 0
        var linkedIds = 0
        var changes = 0
        var rejects: BadRecordPlanter
        var warnings: BadRecordPlanter
        var international = Manifest.InternationalIdentities(internationalEmailRecords: 0, duplicates: [], lookalikes: [])
    }

    static let rejectKinds: [BadRecordPlanter.Kind] = [
        .init(field: "customer_id", rule: "required.missing", severity: "reject", values: [""]),
        .init(field: "updated_at", rule: "timestamp.invalid", severity: "reject",
              values: ["yesterday", "2025-02-30T10:00:00Z", "2025-13-01 08:00:00"]),
        .init(field: "signup_date", rule: "date.invalid", severity: "reject", values: ["2025-02-30", "31.12.2024", "soon"]),
    ]
    static let warningKinds: [BadRecordPlanter.Kind] = [
        .init(field: "email", rule: "email.invalid", severity: "warning",
              values: ["anna.smith@@example.com", "anna smith@example.com", "anna.smith@example", "anna(at)example.com"]),
        .init(field: "phone", rule: "phone.invalid", severity: "warning", values: ["12345", "n/a", "+999 123", "555-CALL-NOW"]),
    ]

    let people: [Person]
    var rng: RandomSource

    mutating func write(to path: String, rejects: BadRecordPlanter, warnings: BadRecordPlanter) throws -> Result {
        let out = try ByteWriter(path: path)
        try out.header("customer_id,source_system,first_name,last_name,email,phone,city,country,signup_date,channel,opt_in,updated_at")
        var result = Result(rejects: rejects, warnings: warnings)
        var badId = 8_000_000
        var replacedEmails = Set<Int>()
        for i in people.indices where !people[i].isGhost {
            let p = people[i]
            var warning: (field: String, value: String)?
            if !p.hasSecond, p.changeDay == 0, let kind = result.warnings.shouldPlantEarly() {
                let value = result.warnings.record(kind: kind, line: out.lines + 1)
                warning = (result.warnings.kinds[kind].field, value)
                if warning?.field == "email" { replacedEmails.insert(i) }
            }
            tallyInternational(i, replaced: replacedEmails, into: &result.international)
            try row(out, i, system: Int(p.primarySystem), id: p.primaryId, second: false, changed: false, bad: warning)
            result.records += 1
            result.sourceIds += 1
            if p.hasSecond {
                try row(out, i, system: Int(p.secondSystem), id: p.secondId, second: true, changed: false, bad: nil)
                result.records += 1
                result.sourceIds += 1
                result.linkedIds += 2
            }
            if let kind = result.rejects.shouldPlant() {
                try plantReject(out, i, kind: kind, id: &badId, result: &result)
            }
        }
        for kind in result.rejects.missingKinds {
            try plantReject(out, people.startIndex, kind: kind, id: &badId, result: &result)
        }
        for i in people.indices where people[i].changeDay > 0 {
            try row(out, i, system: Int(people[i].primarySystem), id: people[i].primaryId, second: false, changed: true, bad: nil)
            result.records += 1
            result.changes += 1
        }
        try out.close()
        return result
    }

    private mutating func plantReject(_ out: ByteWriter, _ i: Int, kind: Int, id: inout Int, result: inout Result) throws {
        let value = result.rejects.record(kind: kind, line: out.lines + 1)
        let field = result.rejects.kinds[kind].field
        id += 1
        try row(out, i, system: 0, id: field == "customer_id" ? -1 : Int32(id), second: false, changed: false,
                bad: (field, value))
        result.records += 1
    }

    /// One contact row; `id` −1 writes an empty customer_id.
    private mutating func row(_ out: ByteWriter, _ i: Int, system: Int, id: Int32, second: Bool, changed: Bool,
                              bad: (field: String, value: String)?) throws {
        let p = people[i]
        let market = Market.all[Int(p.market)]
        func field(_ name: String, _ write: () -> Void) {
            if let bad, bad.field == name { out.text(bad.value) } else { write() }
        }
        if id >= 0 { Population.customerId(system: system, number: id, into: out) }
        out.comma()
        out.text(StaticStringTable.systemName(system))
        out.comma()
        out.text(ReferenceData.firstNames[Int(p.firstName)])
        out.comma()
        out.text(ReferenceData.lastNames[Int(p.lastName)])
        out.comma()
        field("email") {
            guard p.hasEmail, !(second && p.link == 2) else { return }
            out.text(emailText(i, second: second))
        }
        out.comma()
        field("phone") {
            guard p.hasPhone, !(second && p.link == 1 && i % 2 == 0), !MarketMix.hasNoAddress(index: i, p) else { return }
            let style = (i + (second ? 1 + i % 3 : 0)) % 4
            out.phone(market: market, area: market.cities[Int(p.city)].area, subscriber: Population.subscriber(index: i),
                      style: style)
        }
        out.comma()
        if !MarketMix.hasNoAddress(index: i, p) {
            out.text(market.cities[Int(changed ? p.newCity : p.city)].name)
            out.comma()
            out.text(i % 10 == 3 ? Self.countryNames[market.country]! : market.country)
        } else {
            out.comma()
        }
        out.comma()
        field("signup_date") { out.date(day: Int(p.signupDay)) }
        out.comma()
        out.text(ReferenceData.signupChannels[MarketMix.channel(index: i, p)])
        out.comma()
        // An unsubscribe during the history shows as a withdrawn opt-in.
        out.text(Self.booleanSpellings[(i % 4) * 2 + (p.optIn && !p.unsubscribed ? 0 : 1)])
        out.comma()
        field("updated_at") {
            let day = Int64(changed ? p.changeDay : p.signupDay)
            let seconds = day * 86_400 + Int64(rng.below(86_400))
            out.timestamp(utcSeconds: seconds, market: market, style: i % 3, millis: rng.below(1000))
        }
        try out.endLine()
    }

    static let countryNames = ["US": "United States", "DE": "Germany", "GB": "United Kingdom", "FR": "France",
                               "NL": "Netherlands", "IT": "Italy"]
    static let booleanSpellings = ["true", "false", "yes", "no", "Y", "N", "1", "0"]
}
