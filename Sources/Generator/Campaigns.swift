/// Marketing campaigns, about two a month, and the interactions they cause.
struct Campaign {
    let code: String
    let name: String
    let channel: String
    /// The offer or purpose (CampaignAppeal.type(ofTheme:)), the feed's campaign_type.
    let type: String
    let startDay: Int
    let endDay: Int
    let costCents: Int
    /// Share of the selected customers held out as a control group (not
    /// contacted); every third campaign holds out a quarter, the others none.
    var controlShare: Double = 0

    static let heldOutShare = 0.25

    static func make(options: GeneratorOptions, rng: inout RandomSource) -> [Campaign] {
        var campaigns: [Campaign] = []
        var day = options.startDay + 10
        var n = 0
        while day < options.endDay - 7 {
            let d = Civil.date(day)
            n += 1
            let theme = ReferenceData.campaignThemes[(d.month * 3 + n) % ReferenceData.campaignThemes.count]
            let channel = ReferenceData.campaignChannels[rng.below(ReferenceData.campaignChannels.count)]
            var code = "CMP-" + String(d.year) + (d.month < 10 ? "0" : "") + String(d.month) + "-"
            code += (n % 100 < 10 ? "0" : "") + String(n % 100)
            campaigns.append(Campaign(code: code, name: theme + " " + String(d.year), channel: channel,
                                      type: CampaignAppeal.type(ofTheme: theme), startDay: day,
                                      endDay: min(options.endDay, day + 7 + rng.below(22)),
                                      costCents: (2_000 + rng.below(48_000)) * 100,
                                      controlShare: n % 3 == 0 ? heldOutShare : 0))
            day += 10 + rng.below(11)
        }
        return campaigns
    }

    static let badKinds: [BadRecordPlanter.Kind] = [
        .init(field: "campaign_code", rule: "required.missing", severity: "reject", values: [""]),
        .init(field: "start_date", rule: "date.invalid", severity: "reject", values: ["2025-04-31", "next week"]),
        .init(field: "cost", rule: "money.invalid", severity: "reject", values: ["1,5k", "$200", "NaN"]),
    ]

    /// Writes campaigns.csv with its planted bad rows.
    static func write(_ campaigns: [Campaign], to path: String, planter: inout BadRecordPlanter) throws -> Int {
        let out = try ByteWriter(path: path)
        try out.header("campaign_code,name,channel,start_date,end_date,cost,campaign_type")
        var records = 0
        func row(_ c: Campaign, bad: (field: String, value: String)?) throws {
            func field(_ name: String, _ write: () -> Void) {
                if let bad, bad.field == name { out.text(bad.value) } else { write() }
            }
            field("campaign_code") { out.text(bad == nil ? c.code : c.code + "-X") }
            out.comma()
            out.text(c.name)
            out.comma()
            out.text(c.channel)
            out.comma()
            field("start_date") { out.date(day: c.startDay) }
            out.comma()
            out.date(day: c.endDay)
            out.comma()
            field("cost") { out.cents(c.costCents) }
            out.comma()
            out.text(c.type)
            try out.endLine()
            records += 1
        }
        func plant(_ kind: Int, _ c: Campaign) throws {
            let value = planter.record(kind: kind, line: out.lines + 1)
            try row(c, bad: (planter.kinds[kind].field, value))
        }
        for c in campaigns {
            try row(c, bad: nil)
            if let kind = planter.shouldPlant() { try plant(kind, c) }
        }
        for kind in planter.missingKinds { try plant(kind, campaigns[0]) }
        try out.close()
        return records
    }
}
