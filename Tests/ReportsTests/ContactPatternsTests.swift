import Foundation
import PostgresClient
import Reports
import XCTest

/// The contact patterns on the generated warehouse (campaign touches that
/// take their campaign's channel, calls and outbound calls without a
/// campaign on their own channel) against the Swift recomputation from the
/// raw rows: the stored cells (default window and others), the cells as of
/// a past day, contact pressure, and every customer's preference.
final class ContactPatternsTests: XCTestCase {
    static let pastDay = "2025-06-15"

    var generated: GeneratedWarehouse { get throws { try GeneratedWarehouse.shared() } }

    func cells(_ w: WarehouseBuilder, _ source: String) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try w.records(
            """
            select channel || ' ' || interaction_type || ' ' || weekday || ' ' || hour as cell,
                interactions || '/' || answered_contacts || '/' || opted_out_contacts as counts
            from \(source)
            """).map { ($0["cell"]!!, $0["counts"]!!) })
    }

    func latestMonth(_ w: WarehouseBuilder) throws -> Int {
        Day(try w.records("select mart.default_as_of()::text as d")[0]["d"]!!).month
    }

    func testCellsEqualTheRecomputation() throws {
        let w = try generated.builder
        let reference = try ContactPatternReference.read(w.connection)
        XCTAssertTrue(reference.rows.contains { $0.campaign == -1 && $0.type == "responded" }, "responses without campaign")
        XCTAssertTrue(reference.rows.contains { $0.campaign != -1 && $0.channel == "sms" }, "a campaign's channel")
        let last = try latestMonth(w)
        for months in [12, 30] {
            let actual = try cells(w, "mart.contact_patterns(null, \(months), false)")
            let expected = reference.cells(firstMonth: last - months + 1, lastMonth: last, knownBefore: nil)
            XCTAssertGreaterThan(expected.count, 100)
            XCTAssertEqual(actual, expected, "\(months) months")
        }
        let answered = try w.records(
            "select sum(answered_contacts)::text as n from mart.contact_patterns(null, 30, false) where channel = 'callcenter'")
        XCTAssertNotEqual(answered.first?["n"], "0", "outbound calls answered without a campaign")
    }

    func testCellsAsOfAPastDayCountWhatWasKnownThen() throws {
        let w = try generated.builder
        let reference = try ContactPatternReference.read(w.connection)
        let month = Day(Self.pastDay).month
        let cutoff = Int(ISO8601DateFormatter().date(from: "2025-06-16T00:00:00Z")!.timeIntervalSince1970)
        let actual = try cells(w, "mart.contact_patterns('\(Self.pastDay)', 6, false)")
        XCTAssertEqual(actual, reference.cells(firstMonth: month - 5, lastMonth: month, knownBefore: cutoff))
        XCTAssertNotEqual(actual, reference.cells(firstMonth: month - 5, lastMonth: month, knownBefore: nil),
                          "later responses answer contacts of the window")
    }

    func testSegmentsSplitTheCellsAsASecondQuery() throws {
        let w = try generated.builder
        // Per segment, the contacts of the 12 months: a campaign's with the
        // segment of its pair (the day before the start), the others with
        // today's, counted from the facts.
        let expected = try w.records(
            """
            with bounds as (
                select
                    (date_trunc('month', mart.default_as_of()::timestamp) - interval '11 months') at time zone 'UTC'
                        as first_at,
                    (date_trunc('month', mart.default_as_of()::timestamp) + interval '1 month') at time zone 'UTC'
                        as end_at
            )
            select coalesce(case when i.campaign_key <> -1 then t.segment else r.segment end, 'no purchase') as segment,
                count(*)::text as contacts
            from dw.fact_interaction as i
            cross join bounds as b
            left join mart.campaign_touch as t on t.campaign_key = i.campaign_key and t.customer_id = i.customer_id
            left join mart.customer_rfm as r on r.customer_id = i.customer_id
            where i.interaction_type = 'sent' and not i.is_control and i.customer_id <> 'unknown'
                and i.occurred_at >= b.first_at and i.occurred_at < b.end_at
            group by 1 order by 1
            """)
        let actual = try w.records(
            """
            select segment, sum(interactions)::text as contacts from mart.contact_patterns
            where interaction_type = 'sent' group by 1 order by 1
            """)
        XCTAssertGreaterThan(expected.count, 4)
        XCTAssertEqual(actual.map { $0["segment"]!! + " " + $0["contacts"]!! },
                       expected.map { $0["segment"]!! + " " + $0["contacts"]!! })
    }

    func testPressureEqualsTheRecomputation() throws {
        let w = try generated.builder
        let reference = try ContactPatternReference.read(w.connection)
        let last = try latestMonth(w)
        for months in [12, 30] {
            let actual = Dictionary(uniqueKeysWithValues: try w.records(
                """
                select channel || ' ' || pressure as cell,
                    customer_months || '/' || responded_customer_months || '/' || opted_out_customer_months as counts
                from mart.contact_pressure(null, \(months))
                """).map { ($0["cell"]!!, $0["counts"]!!) })
            XCTAssertEqual(actual, reference.pressure(firstMonth: last - months + 1, lastMonth: last), "\(months) months")
        }
    }

    func testPreferencesEqualTheRecomputation() throws {
        let w = try generated.builder
        let reference = try ContactPatternReference.read(w.connection)
        let cutoff = Int(ISO8601DateFormatter().date(from: "2025-06-16T00:00:00Z")!.timeIntervalSince1970)
        for (source, knownBefore) in [
            ("mart.customer_contact_preference", nil),
            ("mart.customer_contact_preference_of('\(Self.pastDay)', null)", cutoff),
        ] as [(String, Int?)] {
            let actual = Dictionary(uniqueKeysWithValues: try w.records(
                "select customer_id, responses::text, preferred_channel, best_hour::text, no_preference_reason from \(source)"
            ).map {
                ($0["customer_id"]!!, ContactPatternReference.Preference(
                    responses: Int($0["responses"]!!)!, channel: $0["preferred_channel"]!,
                    hour: $0["best_hour"]!.map { Int($0)! }, reason: $0["no_preference_reason"]!))
            })
            let expected = reference.preferences(knownBefore: knownBefore)
            XCTAssertEqual(actual.count, expected.count, source)
            XCTAssertGreaterThan(expected.values.filter { $0.channel != nil }.count, 100)
            for (customer, preference) in expected where actual[customer] != preference {
                XCTFail("\(source) \(customer): \(String(describing: actual[customer])) against \(preference)")
                break
            }
        }
    }

    func testReportRendersEverySection() throws {
        let w = try generated.builder
        let report = try ReportCatalog.named("contact_patterns")
        let document = try report.run(w.connection)
        XCTAssertEqual(document.sections.count, 7)
        for section in document.sections where section.title != "Suggested frequency cap per channel" {
            XCTAssertFalse(section.table.rows.isEmpty, section.title)
        }
        for format in ReportFormat.allCases {
            XCTAssertFalse(try format.render(document).isEmpty, "\(format)")
        }
        let past = try report.run(w.connection, ReportParameters(asOf: Self.pastDay, months: 6))
        XCTAssertEqual(past.sections.count, 7)
    }
}
