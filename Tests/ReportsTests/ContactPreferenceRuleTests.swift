import Marts
import PostgresClient
import TestSupport
import XCTest

/// The contact-pattern rules on hand-made interactions: the preferred
/// channel and best hour with equal counts, ties at one instant, customers
/// without responses or without interactions, control-group rows, the
/// campaign's channel for rows without one; which contact a response
/// answers; the reporting time zone (with summer time); the frequency cap.
final class ContactPreferenceRuleTests: XCTestCase {
    func makeWarehouse(_ prefix: String) throws -> WarehouseBuilder {
        let warehouse = try WarehouseBuilder(prefix: prefix)
        try warehouse.addStandardDimensions()
        try warehouse.connection.execute(
            """
            insert into dw.dim_channel (channel) values ('email'), ('sms');
            insert into dw.dim_campaign (campaign_code, channel, start_date) values
                ('X', 'email', '2025-03-01'), ('Y', ' SMS ', '2025-03-01'), ('Z', null, '2025-03-01');
            """)
        for c in ["A", "B", "C", "D", "E", "F", "G", "H"] { try warehouse.addCustomer(c) }
        // Orders, so that the marts have an as-of date (2025-03-31).
        try warehouse.addLine(order: "O1", customer: "A", day: "2025-01-10")
        try warehouse.addLine(order: "O2", customer: "E", day: "2025-03-31")
        return warehouse
    }

    /// An interaction as the loader leaves it (channel nil: the row named none).
    func add(_ w: WarehouseBuilder, _ id: String, _ customer: String, _ at: String, _ type: String,
             channel: String?, campaign: String?, control: Bool = false, file: Int = 1) throws {
        try w.connection.query(
            """
            insert into dw.fact_interaction (
                interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
                interaction_type, is_control, etl_run_id, etl_file_id
            )
            select $1, $3::timestamptz, to_char($3::timestamptz at time zone 'UTC', 'YYYYMMDD')::integer,
                (select customer_key from dw.dim_customer where customer_id = $2 and is_current), $2,
                coalesce((select channel_key from dw.dim_channel where channel = $5), -1),
                coalesce((select campaign_key from dw.dim_campaign where campaign_code = $6), -1),
                $4, $7, 1, $8
            """, [id, customer, at, type, channel, campaign, control, file])
    }

    func preferences(_ w: WarehouseBuilder) throws -> [String: [String: String?]] {
        Dictionary(uniqueKeysWithValues: try w.records(
            """
            select customer_id, preferred_channel, best_hour::text, no_preference_reason,
                responses::text, preferred_channel_responses::text, best_hour_responses::text
            from mart.contact_preference
            """).map { ($0["customer_id"]!!, $0) })
    }

    func testPreferredChannelAndBestHourRules() throws {
        let w = try makeWarehouse("contact_preference_rules")
        // A: email twice (09 h, 10 h), sms once: email; its hours tie 1 : 1,
        // the later response (10 h) wins.
        try add(w, "a1", "A", "2025-03-03 09:15:00+00", "responded", channel: "email", campaign: "X")
        try add(w, "a2", "A", "2025-03-05 10:20:00+00", "responded", channel: "email", campaign: "X")
        try add(w, "a3", "A", "2025-03-06 18:00:00+00", "responded", channel: "sms", campaign: "Y")
        // B: one email, one sms (later): equal counts, the later channel.
        try add(w, "b1", "B", "2025-03-03 09:00:00+00", "responded", channel: "email", campaign: "X")
        try add(w, "b2", "B", "2025-03-04 21:30:00+00", "responded", channel: "sms", campaign: "Y")
        // C: email and sms at one instant: tied, no preference.
        try add(w, "c1", "C", "2025-03-03 12:00:00+00", "responded", channel: "email", campaign: "X")
        try add(w, "c2", "C", "2025-03-03 12:00:00+00", "responded", channel: "sms", campaign: "Y")
        // D: contacted, never responded.
        try add(w, "d1", "D", "2025-03-03 08:00:00+00", "sent", channel: "email", campaign: "X")
        try add(w, "d2", "D", "2025-03-04 08:00:00+00", "opened", channel: "email", campaign: "X")
        // E: no interactions. F: only control-group rows (no contact was made).
        try add(w, "f1", "F", "2025-03-03 08:00:00+00", "sent", channel: "email", campaign: "X", control: true)
        try add(w, "f2", "F", "2025-03-05 08:00:00+00", "responded", channel: "email", campaign: "X", control: true)
        // G: responses naming no channel take their campaign's (' SMS ' → sms);
        // a campaign without a channel gives unknown.
        try add(w, "g1", "G", "2025-03-03 07:00:00+00", "responded", channel: nil, campaign: "Y")
        try add(w, "g2", "G", "2025-03-04 07:30:00+00", "responded", channel: nil, campaign: "Y")
        try add(w, "g3", "G", "2025-03-05 16:00:00+00", "responded", channel: nil, campaign: "Z")
        try w.refresh()

        let p = try preferences(w)
        XCTAssertEqual(p["A"]?["preferred_channel"], "email")
        XCTAssertEqual(p["A"]?["preferred_channel_responses"], "2")
        XCTAssertEqual(p["A"]?["best_hour"], "10")
        XCTAssertEqual(p["A"]?["best_hour_responses"], "1")
        XCTAssertEqual(p["B"]?["preferred_channel"], "sms")
        XCTAssertEqual(p["B"]?["best_hour"], "21")
        XCTAssertEqual(p["C"]?["preferred_channel"], .some(nil))
        XCTAssertEqual(p["C"]?["best_hour"], .some(nil))
        XCTAssertEqual(p["C"]?["no_preference_reason"], "tied channels")
        XCTAssertEqual(p["C"]?["responses"], "2")
        XCTAssertEqual(p["D"]?["preferred_channel"], .some(nil))
        XCTAssertEqual(p["D"]?["no_preference_reason"], "no responses")
        XCTAssertEqual(p["E"]?["no_preference_reason"], "no interactions")
        XCTAssertEqual(p["F"]?["no_preference_reason"], "no interactions")
        XCTAssertEqual(p["H"]?["no_preference_reason"], "no interactions")
        XCTAssertEqual(p["G"]?["preferred_channel"], "sms")
        XCTAssertEqual(p["G"]?["best_hour"], "7")
        XCTAssertEqual(p["G"]?["best_hour_responses"], "2")
        XCTAssertEqual(p["A"]?["no_preference_reason"], .some(nil))
        // The stored table holds only customers with interactions.
        XCTAssertEqual(
            try w.records("select string_agg(customer_id, ',' order by customer_id) as c from mart.customer_contact_preference")
                .first?["c"], "A,B,C,D,G")
        let unknown = try w.records(
            "select count(*)::text as n from mart.customer_contact_month where customer_id = 'G' and channel = 'unknown'")
        XCTAssertEqual(unknown.first?["n"], "1")

        // The same with the data known at 2025-03-04: A has two responses
        // (email 09 h, none yet at 10 h); B one email response.
        let early = Dictionary(uniqueKeysWithValues: try w.records(
            "select customer_id, preferred_channel, best_hour::text from mart.customer_contact_preference_of('2025-03-04', null)"
        ).map { ($0["customer_id"]!!, $0) })
        XCTAssertEqual(early["A"]?["best_hour"], "9")
        XCTAssertEqual(early["B"]?["preferred_channel"], "sms")
        XCTAssertNil(early["E"])

        // The summary counts every customer once.
        let summary = try w.records(
            "select sum(customers)::text as n, sum(customer_share)::text as share from mart.contact_preference_summary()")
        XCTAssertEqual(summary.first?["n"], "8")
        XCTAssertEqual(summary.first?["share"], "1.0000")
    }

    func testResponsesAnswerTheLatestContactOfTheirCampaign() throws {
        let w = try makeWarehouse("contact_answer_rules")
        // Two sends of X (Monday 2025-03-03 08 h, Tuesday 09 h): the response
        // answers the later; an unsubscribe of Y answers Y's send.
        try add(w, "a1", "A", "2025-03-03 08:10:00+00", "sent", channel: "email", campaign: "X")
        try add(w, "a2", "A", "2025-03-04 09:10:00+00", "sent", channel: "email", campaign: "X")
        try add(w, "a3", "A", "2025-03-05 20:00:00+00", "responded", channel: "email", campaign: "X")
        try add(w, "a4", "A", "2025-03-03 11:00:00+00", "sent", channel: "sms", campaign: "Y")
        try add(w, "a5", "A", "2025-03-06 11:00:00+00", "unsubscribe", channel: "sms", campaign: "Y")
        // Without a campaign: the latest contact without one on the same
        // channel (the sms send of Y is not it); two such contacts at one
        // instant are both answered.
        try add(w, "b1", "B", "2025-03-03 14:00:00+00", "sent", channel: "email", campaign: nil)
        try add(w, "b2", "B", "2025-03-03 14:00:00+00", "sent", channel: "email", campaign: nil)
        try add(w, "b3", "B", "2025-03-04 10:00:00+00", "sent", channel: "sms", campaign: "Y")
        try add(w, "b4", "B", "2025-03-05 10:00:00+00", "responded", channel: "email", campaign: nil)
        // A response before any contact of its campaign answers none.
        try add(w, "c1", "C", "2025-03-03 10:00:00+00", "responded", channel: "email", campaign: "X")
        try add(w, "c2", "C", "2025-03-04 10:00:00+00", "sent", channel: "email", campaign: "X")
        try w.refresh()

        let rows = try w.records(
            """
            select customer_id || ' ' || channel || ' ' || interaction_type || ' ' || weekday || ' ' || hour as cell,
                interactions::text, answered_contacts::text, opted_out_contacts::text
            from mart.customer_contact_hour order by 1
            """)
        let cells = Dictionary(uniqueKeysWithValues: rows.map {
            ($0["cell"]!!, "\($0["interactions"]!!)/\($0["answered_contacts"]!!)/\($0["opted_out_contacts"]!!)")
        })
        XCTAssertEqual(cells["A email sent 1 8"], "1/0/0")
        XCTAssertEqual(cells["A email sent 2 9"], "1/1/0")
        XCTAssertEqual(cells["A email responded 3 20"], "1/0/0")
        XCTAssertEqual(cells["A sms sent 1 11"], "1/0/1")
        XCTAssertEqual(cells["B email sent 1 14"], "2/2/0")
        XCTAssertEqual(cells["B sms sent 2 10"], "1/0/0")
        XCTAssertEqual(cells["C email sent 2 10"], "1/0/0")

        // The report's rates: email contacts 5 (A 2, B 2, C 1), 3 answered.
        let email = try w.records(
            """
            select sum(interactions)::text as contacts, sum(answered_contacts)::text as answered
            from mart.contact_patterns(null, 12, false) where channel = 'email' and interaction_type = 'sent'
            """)
        XCTAssertEqual(email.first?["contacts"], "5")
        XCTAssertEqual(email.first?["answered"], "3")
        // Segments: A had ordered before the start (X, Y: 2025-03-01); B and C had not.
        let segments = try w.records(
            """
            select segment, segment_basis, sum(interactions)::text as n
            from mart.contact_patterns(null, 12, true) where interaction_type = 'sent'
            group by 1, 2 order by 1, 2
            """)
        XCTAssertEqual(
            segments.map { "\($0["segment"]!!)|\($0["segment_basis"]!!)|\($0["n"]!!)" },
            ["new|day before campaign start|3", "no purchase|as-of date|2", "no purchase|day before campaign start|2"])
    }

    func testHoursAndWeekdaysInTheReportingTimeZone() throws {
        let w = try makeWarehouse("contact_time_zone")
        let refresher = MartRefresher(connection: w.connection, sql: try TestCluster.repositorySQL())
        // 14:20 UTC: 9 h in New York in winter (UTC−5), 10 h in summer
        // (UTC−4); 2025-03-04 03:00 UTC is Monday 22 h in New York.
        try add(w, "a1", "A", "2025-03-05 14:20:00+00", "responded", channel: "email", campaign: "X")
        try add(w, "b1", "B", "2025-07-05 14:20:00+00", "responded", channel: "email", campaign: "X")
        try add(w, "c1", "C", "2025-03-04 03:00:00+00", "sent", channel: "email", campaign: "X")
        try refresher.refresh(settings: MartSettings())
        var p = try preferences(w)
        XCTAssertEqual(p["A"]?["best_hour"], "14")
        XCTAssertEqual(p["B"]?["best_hour"], "14")

        var settings = MartSettings()
        settings.reportingTimeZone = "America/New_York"
        let summary = try refresher.refresh(settings: settings)
        XCTAssertTrue(summary.isFull, "a new reporting time zone rebuilds the marts")
        XCTAssertEqual(summary.changedSettings, ["reporting_time_zone"])
        p = try preferences(w)
        XCTAssertEqual(p["A"]?["best_hour"], "9")
        XCTAssertEqual(p["B"]?["best_hour"], "10")
        let c = try w.records(
            "select weekday::text, hour::text, month::text from mart.customer_contact_hour where customer_id = 'C'")
        XCTAssertEqual(c.first?["weekday"], "1")
        XCTAssertEqual(c.first?["hour"], "22")
        XCTAssertEqual(c.first?["month"], "2025-03-01")
    }

    func testSuggestedCapIsTheHighestPressureBelowTheThreshold() throws {
        let w = try makeWarehouse("contact_caps")
        try w.setSetting("contact_cap_opt_out_rate", "0.3")
        try w.setSetting("contact_cap_min_customer_months", "2")
        // email in March 2025: four customers with one contact (no opt-out),
        // two with two (one opts out: 50 %), one with three (judged: no,
        // too few customer-months); sms: two customers with one contact,
        // both opting out.
        var n = 0
        func contacts(_ customer: String, _ count: Int, _ channel: String, optOut: Bool) throws {
            for k in 0..<count {
                n += 1
                try add(w, "s\(n)", customer, "2025-03-1\(k) 10:00:00+00", "sent", channel: channel,
                        campaign: channel == "email" ? "X" : "Y")
            }
            if optOut {
                n += 1
                try add(w, "u\(n)", customer, "2025-03-19 10:00:00+00", "unsubscribe", channel: channel,
                        campaign: channel == "email" ? "X" : "Y")
            }
        }
        for c in ["A", "B", "C", "D"] { try contacts(c, 1, "email", optOut: false) }
        try contacts("E", 2, "email", optOut: true)
        try contacts("F", 2, "email", optOut: false)
        try contacts("G", 3, "email", optOut: false)
        try contacts("A", 1, "sms", optOut: true)
        try contacts("B", 1, "sms", optOut: true)
        try w.refresh()
        let pressure = try w.records(
            "select channel, contacts_per_month, customer_months::text, opt_out_rate::text from mart.contact_pressure()")
        XCTAssertEqual(
            pressure.map { "\($0["channel"]!!) \($0["contacts_per_month"]!!) \($0["customer_months"]!!) \($0["opt_out_rate"]!!)" },
            ["email 1 4 0.0000", "email 2 2 0.5000", "email 3 1 0.0000", "sms 1 2 1.0000"])
        let caps = Dictionary(uniqueKeysWithValues: try w.records("select * from mart.contact_caps()").map {
            ($0["channel"]!!, $0)
        })
        XCTAssertEqual(caps["email"]?["suggested_cap"], "1")
        XCTAssertEqual(caps["email"]?["first_pressure_over"], "2")
        XCTAssertEqual(caps["email"]?["judged_customer_months"], "6")
        XCTAssertEqual(caps["email"]?["cap_basis"], "below the threshold up to the cap")
        XCTAssertEqual(caps["sms"]?["suggested_cap"], .some(nil))
        XCTAssertEqual(caps["sms"]?["cap_basis"], "over the threshold from the first judged level")
        // The fatigue curve over all channels reads the same months: A and
        // B have two contacts (email + sms), one of them opted out.
        let frequency = Dictionary(uniqueKeysWithValues: try w.records(
            "select contacts_per_month, customer_months::text, unsubscribe_rate::text from mart.contact_frequency()"
        ).map { ($0["contacts_per_month"]!!, "\($0["customer_months"]!!) \($0["unsubscribe_rate"]!!)") })
        XCTAssertEqual(frequency["1"], "2 0.0000")
        XCTAssertEqual(frequency["2"], "4 0.7500")
        XCTAssertEqual(frequency["3"], "1 0.0000")
    }
}
