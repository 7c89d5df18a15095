/// Writes interactions.csv: campaign touches (sent → opened → clicked →
/// responded, with unsubscribes and complaints that grow with contact
/// frequency), then service calls and store visits. Responses become orders
/// in the transaction simulation. A campaign with a control share holds out
/// that share of the customers it selects: one `sent` row with group
/// `control` each, and nothing else, so the response orders are the whole
/// effect of contact (the planted uplift the manifest records).
struct InteractionsWriter {
    struct Response {
        var utcSeconds: Int64
        var person: Int32
        var campaign: Int32
    }

    /// Who a campaign selected, and the responses contact was expected to cause.
    struct Arms {
        var treatment = 0
        var control = 0
        /// Sum over the treatment customers of their probability to respond.
        var expectedResponses = 0.0
        /// Treatment customers without an order before the start, and their part of expectedResponses.
        var noPurchaseTreatment = 0
        var noPurchaseExpectedResponses = 0.0
    }

    static let badKinds: [BadRecordPlanter.Kind] = [
        .init(field: "customer_id", rule: "required.missing", severity: "reject", values: [""]),
        .init(field: "occurred_at", rule: "timestamp.invalid", severity: "reject", values: ["2025-06-31T09:00:00Z", "n/a"]),
        .init(field: "type", rule: "interaction_type.unknown", severity: "reject", values: ["bounced", "purchase", "liked"]),
        .init(field: "group", rule: "group.unknown", severity: "reject", values: ["maybe", "both"]),
    ]

    let campaigns: [Campaign]
    let customers: Int
    var rng: RandomSource
    /// Draws who is held out, apart from the touches' own stream.
    var holdout: RandomSource
    /// Planted channel and hour preferences, with their own stream.
    private(set) var timing: ContactTiming
    private var nextId = 1
    private(set) var records = 0
    private(set) var responses: [Response] = []
    private(set) var arms: [Arms]
    /// Contacts and expected responses per contact number (ResponseDecay).
    private(set) var contactTally = ContactTally()
    /// Treatment contacts (`sent`, not held out) when `recordsContacts`: the migration plant judges each.
    var recordsContacts = false
    private(set) var treatmentContacts: [Response] = []

    init(campaigns: [Campaign], customers: Int, rng: RandomSource, holdout: RandomSource, timing: ContactTiming) {
        self.campaigns = campaigns
        self.customers = customers
        self.rng = rng
        self.holdout = holdout
        self.timing = timing
        arms = Array(repeating: Arms(), count: campaigns.count)
    }

    mutating func write(to path: String, people: inout [Person], planter: inout BadRecordPlanter, endDay: Int) throws {
        let out = try ByteWriter(path: path)
        try out.header("interaction_id,customer_id,occurred_at,type,channel,campaign_code,outcome,source_system,group")
        var lastCampaign = [Int32](repeating: -1, count: customers)
        // The day of each person's first response order (CampaignAppeal: ordered before a start).
        var firstResponseDay = [Int32](repeating: .max, count: customers)
        for (c, campaign) in campaigns.enumerated() {
            let draws = max(1, customers / 16)
            for _ in 0..<draws {
                let i = rng.below(customers)
                var p = people[i]
                guard lastCampaign[i] != Int32(c), p.optIn, !p.unsubscribed, Int(p.signupDay) <= campaign.startDay,
                    campaign.channel != "email" || p.hasEmail, campaign.channel != "sms" || p.hasPhone
                else { continue }
                lastCampaign[i] = Int32(c)
                var t = Int64(campaign.startDay) * 86_400 + Int64(8 * 3600 + rng.below(4 * 3600))
                    - Int64(Market.all[Int(p.market)].utcOffsetMinutes * 60)
                if campaign.controlShare > 0 && holdout.chance(campaign.controlShare) {
                    // Selected and held out: the contact is recorded, not made.
                    arms[c].control += 1
                    try row(out, &planter, i, p, t, "sent", campaign, outcome: "", group: "control")
                    continue
                }
                p.contacts &+= 1
                let contact = Int(p.contacts)
                let unsubscribe = ResponseDecay.unsubscribeChance(contact: contact)
                arms[c].treatment += 1
                let hasOrdered = (!p.neverBuys && Int(p.signupDay) < campaign.startDay)
                    || Int(firstResponseDay[i]) < campaign.startDay
                let appeal = CampaignAppeal.factor(campaign, hasOrdered: hasOrdered)
                let channelFactor = timing.channelFactor(person: i, channel: campaign.channel)
                let responseChance = ResponseDecay.responseChance(contact: contact) * appeal * channelFactor
                timing.recordContact(channel: campaign.channel, responseChance: responseChance)
                arms[c].expectedResponses += responseChance
                if !hasOrdered {
                    arms[c].noPurchaseTreatment += 1
                    arms[c].noPurchaseExpectedResponses += responseChance
                }
                contactTally.record(contact: contact, responseChance: responseChance)
                try row(out, &planter, i, p, t, "sent", campaign, outcome: "")
                if recordsContacts { treatmentContacts.append(Response(utcSeconds: t, person: Int32(i), campaign: Int32(c))) }
                if rng.chance(unsubscribe) {
                    t += Int64(600 + rng.below(86_400))
                    try row(out, &planter, i, p, t, "unsubscribe", campaign, outcome: "")
                    p.unsubscribed = true
                } else if rng.chance(ResponseDecay.complaintChance) {
                    t += Int64(600 + rng.below(86_400))
                    try row(out, &planter, i, p, t, "complaint", campaign, outcome: "open")
                } else if rng.chance(ResponseDecay.openChance(contact: contact) * channelFactor) {
                    t += Int64(60 + rng.below(2 * 86_400))
                    t = timing.reactionTime(after: t, person: i, offsetMinutes: Market.all[Int(p.market)].utcOffsetMinutes)
                    try row(out, &planter, i, p, t, rng.chance(0.05) ? "open" : "opened", campaign, outcome: "")
                    if rng.chance(ResponseDecay.clickChance) {
                        t += Int64(5 + rng.below(1800))
                        try row(out, &planter, i, p, t, rng.chance(0.05) ? "click" : "clicked", campaign, outcome: "")
                        if rng.chance(ResponseDecay.respondChance(contact: contact) * appeal) {
                            t += Int64(60 + rng.below(3 * 86_400))
                            t = timing.reactionTime(
                                after: t, person: i, offsetMinutes: Market.all[Int(p.market)].utcOffsetMinutes)
                            if t < Int64(endDay + 1) * 86_400 {
                                try row(out, &planter, i, p, t, "responded", campaign, outcome: "purchase")
                                timing.recordResponse(person: i)
                                let orderedAt = t + Int64(rng.below(3600))
                                responses.append(Response(utcSeconds: orderedAt, person: Int32(i), campaign: Int32(c)))
                                firstResponseDay[i] = min(firstResponseDay[i], Int32(orderedAt / 86_400))
                            }
                        }
                    }
                }
                people[i] = p
            }
        }
        try writeServiceContacts(out, &people, &planter, endDay: endDay)
        for kind in planter.missingKinds {
            let value = planter.record(kind: kind, line: out.lines + 1)
            try row(out, &planter, 0, people[0], Int64(people[0].signupDay) * 86_400 + 43_200, "visit", nil,
                    outcome: "browse", bad: (planter.kinds[kind].field, value))
        }
        try out.close()
    }

    /// Calls to the call centre and visits to stores, at random times after sign-up.
    private mutating func writeServiceContacts(_ out: ByteWriter, _ people: inout [Person],
                                               _ planter: inout BadRecordPlanter, endDay: Int) throws {
        for _ in 0..<(customers * 3 / 10) {
            let i = rng.below(customers)
            let p = people[i]
            let systems = [Int(p.primarySystem), p.hasSecond ? Int(p.secondSystem) : -1]
            let type: String
            if systems.contains(SourceSystem.callcenter.rawValue) || rng.chance(0.15) {
                type = "call"
            } else if systems.contains(SourceSystem.store.rawValue) {
                type = "visit"
            } else {
                continue
            }
            let day = Int(p.signupDay) + rng.below(max(1, endDay - Int(p.signupDay)))
            let t = Int64(day) * 86_400 + Int64(rng.below(86_400))
            let outcome = type == "call" ? ["resolved", "information", "order_help"][rng.below(3)] : ["browse", "purchase"][rng.below(2)]
            try row(out, &planter, i, p, t, type, nil, outcome: outcome)
        }
    }

    private mutating func row(_ out: ByteWriter, _ planter: inout BadRecordPlanter, _ i: Int, _ p: Person, _ t: Int64,
                              _ type: String, _ campaign: Campaign?, outcome: String, group: String = "",
                              bad: (field: String, value: String)? = nil) throws {
        func field(_ name: String, _ write: () -> Void) {
            if let bad, bad.field == name { out.text(bad.value) } else { write() }
        }
        out.byte(UInt8(ascii: "I"))
        out.padded(nextId, width: 9)
        nextId += 1
        out.comma()
        field("customer_id") { Population.customerId(system: Int(p.primarySystem), number: p.primaryId, into: out) }
        out.comma()
        field("occurred_at") { out.timestamp(utcSeconds: t, market: Market.all[Int(p.market)], style: i % 2, millis: 0) }
        out.comma()
        field("type") { out.text(type) }
        out.comma()
        out.text(campaign?.channel ?? (type == "call" ? "phone" : "store"))
        out.comma()
        if let campaign { out.text(campaign.code) }
        out.comma()
        out.text(outcome)
        out.comma()
        out.text(StaticStringTable.systemName(Int(p.primarySystem)))
        out.comma()
        field("group") { out.text(group) }  // empty: treatment
        try out.endLine()
        records += 1
        if bad == nil, let kind = planter.shouldPlant() {
            let value = planter.record(kind: kind, line: out.lines + 1)
            try row(out, &planter, i, p, t, type, campaign, outcome: outcome, group: group,
                    bad: (planter.kinds[kind].field, value))
        }
    }
}
