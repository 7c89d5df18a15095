import Foundation
import PostgresClient
import Reports
import TestSupport
import Warehouse
import XCTest

/// Generated feeds loaded and refreshed: the response rate by contact
/// number recovers the decay the generator planted (its manifest), and
/// after a nightly file of edge cases (a campaign starting the same day as
/// another, a campaign the campaigns feed never named, interactions
/// without campaign, matched-back control responses, campaigns whose
/// channel or type changed) every section of report promotion_patterns, stored and
/// as of a past day, equals the Swift reference computed from the raw rows.
final class PromotionPatternsGeneratedTests: XCTestCase {
    // MARK: - The planted decay

    func testResponseRateByContactNumberRecoversThePlantedDecay() throws {
        let fixture = try PromotionWarehouse.shared()
        let planted = try XCTUnwrap(fixture.manifest.responseDecay)
        let rows = Self.rows(fixture.plantedDecay)
        // Every contact the generator made is counted under its number.
        XCTAssertEqual(rows.map { Int($0["contact_number"]!!)! }, planted.byContact.map(\.contactNumber))
        XCTAssertEqual(rows.map { Int($0["contacts"]!!)! }, planted.byContact.map(\.contacts))
        let responded = rows.map { Int($0["responded"]!!)! }
        let contacts = planted.byContact.map(\.contacts)
        // Per contact number with at least 5 expected responses: the planted
        // rate inside the reported 95 % interval (one miss allowed).
        var misses = 0, checked = 0
        for (row, expectation) in zip(rows, planted.byContact) where expectation.expectedResponses >= 5 {
            checked += 1
            let low = Double(row["response_low_rate"]!!)!, high = Double(row["response_high_rate"]!!)!
            if !(low...high).contains(expectation.expectedResponseRate) { misses += 1 }
        }
        XCTAssertGreaterThanOrEqual(checked, 5)
        XCTAssertLessThanOrEqual(misses, 1, "planted rates outside the reported intervals")
        // The per-contact factor of a rate a × r^(k − 1) fitted to the
        // report lies within 3 standard errors of the factor fitted to the
        // planted expectations (the response decay 0.85 with the open
        // fatigue 0.985 and the growing unsubscribe chance, softened by the
        // customers who have ordered by their later contacts and respond
        // more), and 3 standard errors below 1: the report sees the decay.
        let measured = Self.fitDecay(contacts: contacts, responded: responded.map(Double.init))
        let expected = Self.fitDecay(contacts: contacts, responded: planted.byContact.map(\.expectedResponses))
        XCTAssertEqual(planted.responseDecayPerContact, 0.85)
        XCTAssertLessThan(expected.factor, 0.9, "planted decay")
        XCTAssertLessThan(abs(measured.factor - expected.factor), 3 * measured.standardError,
                          "fitted \(measured.factor) ± \(measured.standardError) against planted \(expected.factor)")
        XCTAssertLessThan(measured.factor + 3 * measured.standardError, 1, "no decay measured")
        // The first contact's rate against the planted one.
        let first = try XCTUnwrap(planted.byContact.first)
        let firstRate = Double(rows[0]["response_rate"]!!)!
        let se = (first.expectedResponseRate * (1 - first.expectedResponseRate) / Double(first.contacts)).squareRoot()
        XCTAssertLessThan(abs(firstRate - first.expectedResponseRate), 3 * se)
    }

    /// Maximum-likelihood fit (Poisson) of responses x_k ~ n_k a r^(k − 1):
    /// the profile likelihood of r, with a at its optimum, maximized by a
    /// golden-section search; the standard error from its curvature.
    static func fitDecay(contacts: [Int], responded: [Double]) -> (factor: Double, standardError: Double) {
        func profile(_ r: Double) -> Double {
            let exposure = contacts.enumerated().map { Double($0.element) * pow(r, Double($0.offset)) }
            let a = responded.reduce(0, +) / exposure.reduce(0, +)
            return zip(responded, exposure).reduce(0) { total, pair in
                total + (pair.0 > 0 ? pair.0 * log(a * pair.1) : 0) - a * pair.1
            }
        }
        var low = 0.3, high = 1.5
        for _ in 0..<200 {
            let m1 = low + (high - low) / 3, m2 = high - (high - low) / 3
            if profile(m1) < profile(m2) { low = m1 } else { high = m2 }
        }
        let r = (low + high) / 2, h = 1e-4
        let curvature = (profile(r + h) - 2 * profile(r) + profile(r - h)) / (h * h)
        return (r, 1 / (-curvature).squareRoot())
    }

    // MARK: - Sections against the reference

    func testStoredSectionsEqualTheReference() throws {
        let fixture = try PromotionWarehouse.shared()
        XCTAssertFalse(fixture.nightlyWasFull, "the edge cases are refreshed incrementally")
        let reference = PromotionReference(touches: fixture.touches, campaigns: fixture.campaigns)
        // The edge cases are there to be checked.
        XCTAssertTrue(reference.contacts.contains { $0.channel == "unknown" }, "a campaign without channel")
        XCTAssertTrue(reference.contacts.contains { $0.channel == "push" }, "a changed channel")
        XCTAssertTrue(reference.contacts.contains { $0.type == "reactivation" }, "a changed type")
        XCTAssertTrue(reference.contacts.contains { $0.type == "unspecified" }, "a campaign without type")
        XCTAssertTrue(
            reference.customers.values.contains { $0.channelPath?.contains("email+social") == true }, "same-day step")
        let tied = Dictionary(grouping: reference.contacts) { "\($0.customerID) \($0.number)" }.values
        XCTAssertTrue(tied.contains { $0.count > 1 }, "contacts sharing a number")
        try assertSections(fixture, ReportParameters(), reference, firstDay: nil)
    }

    func testSectionsAsOfAPastDayOverMonthsEqualTheReference() throws {
        let fixture = try PromotionWarehouse.shared()
        let asOf = "2025-06-20"
        let knownBefore = try Double(XCTUnwrap(
            fixture.builder.connection.query("select extract(epoch from ($1::date + 1)::timestamptz)::text", [asOf])
                .string(0, 0)))!
        let reference = PromotionReference(touches: fixture.touches, campaigns: fixture.campaigns, knownBefore: knownBefore)
        XCTAssertLessThan(reference.contacts.count, PromotionReference(
            touches: fixture.touches, campaigns: fixture.campaigns).contacts.count)
        let firstDay = Day.monthStart(Day(asOf).month - 5)
        let parameters = ReportParameters(asOf: asOf, months: 6)
        try assertSections(fixture, parameters, reference, firstDay: firstDay)
        // The functions called on their own, without the report's cache of
        // what was known then, give the same.
        let report = try PromotionWarehouse.report(fixture.builder, parameters)
        for (title, sql) in [
            ("Response rate by contact number", "select * from mart.promotion_response_decay($1::date, 6)"),
            ("Campaign type sequences up to the first response",
             "select * from mart.promotion_response_paths($1::date, 6, 'campaign_type')"),
        ] {
            XCTAssertEqual(try fixture.builder.connection.query(sql, [asOf]).rows, report[title]?.rows, title)
        }
    }

    func testStoredSectionsOverMonthsEqualTheReference() throws {
        let fixture = try PromotionWarehouse.shared()
        let asOf = try XCTUnwrap(fixture.builder.connection.query("select mart.default_as_of()::text").string(0, 0))
        let reference = PromotionReference(touches: fixture.touches, campaigns: fixture.campaigns)
        try assertSections(fixture, ReportParameters(months: 12), reference, firstDay: Day.monthStart(Day(asOf).month - 11))
    }

    func testStoredTablesEqualTheirComputationFromTheFacts() throws {
        let fixture = try PromotionWarehouse.shared()
        for (table, function) in [
            ("mart.promotion_contact", "mart.promotion_contact_compute()"),
            ("mart.customer_promotion", "mart.customer_promotion_compute()"),
        ] {
            let counts = try fixture.builder.records(
                """
                select
                    (select count(*) from \(table))::text as stored,
                    (select count(*) from (select * from \(table) except select * from \(function)) as a)::text as missing,
                    (select count(*) from (select * from \(function) except select * from \(table)) as b)::text as extra
                """)[0]
            XCTAssertNotEqual(counts["stored"], "0", table)
            XCTAssertEqual(counts["missing"], "0", table)
            XCTAssertEqual(counts["extra"], "0", table)
        }
    }

    func testListedAndRenderedInEveryFormatFromTheCommandLine() throws {
        let fixture = try PromotionWarehouse.shared()
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-promotion-\(getpid()).yaml")
        try "analysis: { response_window_days: 30 }\n".write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        func crmwh(_ arguments: [String]) throws -> ProcessRunner.Output {
            try BuiltBinary.run(arguments + ["--database", fixture.builder.conninfo, "--config", config.path])
        }
        let list = try crmwh(["report", "--list"])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("promotion_patterns "), list.stdout)
        let titles = [
            "Customers by campaigns responded to", "Campaigns reached against responded to",
            "Response rate by contact number", "Channel sequences up to the first response",
            "Campaign type sequences up to the first response",
        ]
        for window in [[], ["--as-of", "2025-06-20", "--months", "6"]] {
            let table = try crmwh(["report", "promotion_patterns"] + window)
            XCTAssertEqual(table.status, 0, table.stderr)
            XCTAssertTrue(table.stdout.contains("contact_number"), table.stdout)
            let csv = try crmwh(["report", "promotion_patterns", "--format", "csv"] + window)
            XCTAssertEqual(csv.status, 0, csv.stderr)
            for title in titles { XCTAssertTrue(csv.stdout.contains("# \(title)\r\n"), title) }
            let json = try crmwh(["report", "promotion_patterns", "--format", "json"] + window)
            XCTAssertEqual(json.status, 0, json.stderr)
            let object = try XCTUnwrap(
                try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [[String: Any]]])
            XCTAssertEqual(Set(object.keys), Set(titles))
            XCTAssertFalse(object["Response rate by contact number"]?.isEmpty ?? true)
            let html = try crmwh(["report", "promotion_patterns", "--format", "html"] + window)
            XCTAssertEqual(html.status, 0, html.stderr)
            for title in titles { XCTAssertTrue(html.stdout.contains("<h2>\(title)</h2>"), title) }
        }
    }

    func assertSections(
        _ fixture: PromotionWarehouse, _ parameters: ReportParameters, _ reference: PromotionReference, firstDay: Day?,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let label = "as of \(parameters.asOf ?? "latest"), months \(parameters.months.map(String.init) ?? "all")"
        func close(_ cell: String??, _ value: Double, _ tolerance: Double, _ what: String) {
            guard let text = cell ?? nil, let number = Double(text) else {
                return XCTFail("\(what): no value (\(label))", file: file, line: line)
            }
            XCTAssertEqual(number, value, accuracy: tolerance, "\(what) (\(label))", file: file, line: line)
        }
        // Rounded to 4 places: within half a unit of the last place.
        let rounded = 0.00005 + 1e-9
        let report = try PromotionWarehouse.report(fixture.builder, parameters)
        func section(_ title: String) throws -> [[String: String?]] {
            Self.rows(try XCTUnwrap(report[title], title, file: file, line: line))
        }

        // Customers by campaigns responded to.
        let reach = reference.reach(from: firstDay)
        XCTAssertFalse(reach.isEmpty, label, file: file, line: line)
        let counts = try section("Customers by campaigns responded to")
        let byResponded = Dictionary(grouping: reach) { $0.responded }
        XCTAssertEqual(counts.map { Int($0["campaigns_responded"]!!)! }, byResponded.keys.sorted(), label,
                       file: file, line: line)
        for row in counts {
            let responded = Int(row["campaigns_responded"]!!)!
            let group = byResponded[responded] ?? []
            let reached = group.reduce(0) { $0 + $1.reached }
            XCTAssertEqual(row["customers"], "\(group.count)", "customers \(responded) (\(label))", file: file, line: line)
            XCTAssertEqual(row["campaigns_reached"], "\(reached)", "reached \(responded) (\(label))", file: file, line: line)
            close(row["customer_share"], Double(group.count) / Double(reach.count), rounded, "share \(responded)")
            close(row["average_campaigns_reached"], Double(reached) / Double(group.count), 0.005 + 1e-9, "average")
            close(row["response_share"], Double(responded * group.count) / Double(reached), rounded, "response share")
        }

        // Campaigns reached against responded to.
        let cells = try section("Campaigns reached against responded to")
        let byCell = Dictionary(grouping: reach) { "\(min($0.reached, 10)) \($0.responded)" }
        XCTAssertEqual(cells.count, byCell.count, label, file: file, line: line)
        for row in cells {
            let bucket = row["campaigns_reached"]!! == "10+" ? 10 : Int(row["campaigns_reached"]!!)!
            let key = "\(bucket) \(row["campaigns_responded"]!!)"
            let customers = byCell[key]?.count ?? 0
            let sameReach = reach.filter { min($0.reached, 10) == bucket }.count
            XCTAssertEqual(row["customers"], "\(customers)", "cell \(key) (\(label))", file: file, line: line)
            close(row["reached_customer_share"], Double(customers) / Double(sameReach), rounded, "cell share \(key)")
        }

        // Response rate by contact number.
        let decay = reference.decay(from: firstDay)
        let rates = try section("Response rate by contact number")
        XCTAssertEqual(rates.map { Int($0["contact_number"]!!)! }, decay.keys.sorted(), label, file: file, line: line)
        let firstRate = decay[1].map { Double($0.responded) / Double($0.contacts) }
        for row in rates {
            let k = Int(row["contact_number"]!!)!
            let (n, x) = decay[k] ?? (0, 0)
            XCTAssertEqual(row["contacts"], "\(n)", "contacts \(k) (\(label))", file: file, line: line)
            XCTAssertEqual(row["responded"], "\(x)", "responded \(k) (\(label))", file: file, line: line)
            guard n > 0 else { continue }
            let p = Double(x) / Double(n)
            let interval = PromotionReference.wilson(x, n)
            close(row["response_rate"], p, rounded, "rate \(k)")
            close(row["response_low_rate"], interval.low, rounded, "low \(k)")
            close(row["response_high_rate"], interval.high, rounded, "high \(k)")
            if let firstRate, firstRate > 0 {
                close(row["relative_response_rate"], p / firstRate, rounded, "relative \(k)")
            } else {
                XCTAssertNil(row["relative_response_rate"] ?? nil, "relative \(k) (\(label))", file: file, line: line)
            }
        }

        // Channel and campaign type sequences up to the first response: the
        // top 20 by customers (ties at the cut included), the rest as other
        // sequences.
        for (title, ofTypes) in [
            ("Channel sequences up to the first response", false),
            ("Campaign type sequences up to the first response", true),
        ] {
            try assertPaths(
                reference.paths(from: firstDay, ofTypes: ofTypes),
                try section(title), "\(title), \(label)",
                file: file, line: line)
        }
    }

    func assertPaths(
        _ paths: [String: (steps: Int, customers: Int)], _ reported: [[String: String?]], _ label: String,
        file: StaticString, line: UInt
    ) throws {
        let rounded = 0.00005 + 1e-9
        let responders = paths.values.reduce(0) { $0 + $1.customers }
        XCTAssertGreaterThan(responders, 0, label, file: file, line: line)
        let shown = paths.filter { path in 1 + paths.values.filter { $0.customers > path.value.customers }.count <= 20 }
        let rest = responders - shown.values.reduce(0) { $0 + $1.customers }
        XCTAssertEqual(reported.count, shown.count + (rest > 0 ? 1 : 0), label, file: file, line: line)
        for row in reported {
            let path = row["response_path"]!!
            let customers: Int
            if path == "other sequences" {
                XCTAssertNil(row["path_rank"] ?? nil, label, file: file, line: line)
                customers = rest
            } else {
                let expected = try XCTUnwrap(shown[path], "\(path) (\(label))", file: file, line: line)
                customers = expected.customers
                XCTAssertEqual(row["path_steps"], "\(expected.steps)", "\(path) (\(label))", file: file, line: line)
                let rank = 1 + paths.values.filter { $0.customers > customers }.count
                XCTAssertEqual(row["path_rank"], "\(rank)", "\(path) (\(label))", file: file, line: line)
            }
            XCTAssertEqual(row["customers"], "\(customers)", "\(path) (\(label))", file: file, line: line)
            let share = Double(row["responder_share"]!!)!
            XCTAssertEqual(share, Double(customers) / Double(responders), accuracy: rounded, "share \(path) (\(label))",
                           file: file, line: line)
        }
    }

    /// A table's rows as dictionaries of column name → text.
    static func rows(_ table: ReportTable) -> [[String: String?]] {
        table.rows.map { row in Dictionary(uniqueKeysWithValues: zip(table.columns.map(\.name), row)) }
    }
}
