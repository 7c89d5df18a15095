import Foundation
import PostgresClient
import XCTest

/// `migration_drivers` on a small hand-made warehouse against a computation
/// written apart in Swift: populations, contacts and propensities from the
/// rows this test inserts, tiers and R/F scores read from the snapshot
/// (dw.fact_customer_month), then the matching, the weighted difference of
/// proportions, its standard error and the verdicts.
final class MigrationDriversTests: XCTestCase {
    struct Order { var customer: String; var day: Int; var amount: Int }
    struct Contact { var customer: String; var day: Int; var channel: String; var isControl: Bool }

    /// A small linear congruential generator: the fixture is the same on every run.
    struct Draws {
        var state: UInt64 = 20_261_206
        mutating func below(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
    }

    static func day(_ text: String) -> Int {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return Int(f.date(from: text)!.timeIntervalSince1970 / 86_400)
    }
    static func text(_ day: Int) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date(timeIntervalSince1970: Double(day) * 86_400))
    }
    /// First day of the month `k` months after January 2025.
    static func monthStart(_ k: Int) -> Int { day(String(format: "%04d-%02d-01", 2025 + k / 12, k % 12 + 1)) }

    func testTheReportMatchesAComputationFromTheRows() throws {
        var draws = Draws()
        var orders: [Order] = [], contacts: [Contact] = []
        let customers = (1...70).map { String(format: "C%02d", $0) }
        for (index, customer) in customers.enumerated() {
            // First orders from January to March; some customers stop after it (they lapse into few orders).
            let first = Self.monthStart(draws.below(3)) + draws.below(28)
            orders.append(Order(customer: customer, day: first, amount: 10 + draws.below(300)))
            let rate = index % 4 == 0 ? 0 : 2 + draws.below(5)
            for k in 1..<7 where draws.below(10) < rate {
                let d = Self.monthStart(k) + draws.below(28)
                if d > first { orders.append(Order(customer: customer, day: d, amount: 5 + draws.below(400))) }
            }
            for k in 3..<7 where draws.below(10) < 5 {
                let channel = draws.below(3) == 0 ? "sms" : "email"
                contacts.append(Contact(customer: customer, day: Self.monthStart(k) + draws.below(27),
                                        channel: channel, isControl: draws.below(6) == 0))
            }
        }
        // Propensity runs as of 31 March, 31 May and 15 June, each scoring
        // about half the customers: April and May read the first, June the
        // second, July the third (the latest dated before the month).
        var runs: [Run] = []
        for (n, asOf) in ["2025-03-31", "2025-05-31", "2025-06-15"].enumerated() {
            var scores: [String: Double] = [:]
            for customer in customers where draws.below(2) == 0 { scores[customer] = Double(draws.below(100)) / 100 }
            runs.append(Run(version: "logit-test-\(n)", asOf: Self.day(asOf), scores: scores))
        }

        let builder = try WarehouseBuilder(prefix: "migration_drivers")
        try builder.addStandardDimensions()
        for customer in customers { try builder.addCustomer(customer) }
        for (n, order) in orders.enumerated() {
            try builder.addLine(order: "O\(n)", customer: order.customer, day: Self.text(order.day), price: "\(order.amount).00")
        }
        for channel in ["email", "sms"] {
            try builder.connection.query(
                "insert into dw.dim_campaign (campaign_code, channel, start_date) values ($1, $1, '2025-01-01')", [channel])
        }
        for (n, contact) in contacts.enumerated() {
            try builder.connection.query(
                """
                insert into dw.fact_interaction (
                    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
                    interaction_type, is_control, etl_run_id, etl_file_id
                )
                select 'I' || $1, $2::date + time '10:00' at time zone 'UTC', to_char($2::date, 'YYYYMMDD')::integer,
                    (select customer_key from dw.dim_customer where customer_id = $3), $3, -1,
                    (select campaign_key from dw.dim_campaign where campaign_code = $4), 'sent', $5, 1, 1
                """, [n, Self.text(contact.day), contact.customer, contact.channel, contact.isControl])
        }
        for run in runs {
            try builder.connection.query(
                """
                insert into dw.propensity_model (
                model_version, target, as_of, horizon_days, label, basis, features, coefficients, penalty,
                training_windows, training_rows, training_positives, iterations, converged, holdout_as_of,
                holdout_training_windows, holdout_rows, holdout_positives, holdout_auc, holdout_log_loss,
                holdout_base_rate_log_loss, holdout_brier_score, features_holdout_log_loss, calibration)
                values ($1, 'buy_30d', $2::date, 30, 'test', 'features', '[]', '{}', 1, '{}', 1, 1, 1, true,
                    '2025-03-01', '{}', 1, 1, 0.5, 0.1, 0.1, 0.1, 0.1, '[]')
                """, [run.version, Self.text(run.asOf)])
            for (customer, p) in run.scores {
                try builder.connection.query(
                    "insert into dw.customer_propensity (customer_id, as_of, model_version, p_buy_30d) values ($1, $2::date, $3, $4::float8)",
                    [customer, Self.text(run.asOf), run.version, "\(p)"])
            }
        }
        try builder.refresh()

        try compare(builder, asOf: "2025-07-31", months: 4, pooled: 3..<7, orders: orders, contacts: contacts, runs: runs)
        // Inside a month, the last pooled month is the one before it.
        try compare(builder, asOf: "2025-07-15", months: 2, pooled: 4..<6, orders: orders, contacts: contacts, runs: runs)
    }

    struct Run { var version: String; var asOf: Int; var scores: [String: Double] }

    func compare(
        _ builder: WarehouseBuilder, asOf: String, months: Int, pooled: Range<Int>, orders: [Order], contacts: [Contact],
        runs: [Run]
    ) throws {
        let reportRows = try builder.records("select * from mart.migration_drivers($1::date, $2)", [asOf, months])
        let expected = try Self.reference(builder.connection, pooled: pooled, orders: orders, contacts: contacts, runs: runs)
        XCTAssertEqual(reportRows.map { "\($0["breakdown"]!!) \($0["cell"]!!)" }, expected.map { "\($0.breakdown) \($0.cell)" })
        for (row, want) in zip(reportRows, expected) {
            let label = "\(want.breakdown) \(want.cell)"
            XCTAssertEqual(row["first_month"], Self.text(Self.monthStart(pooled.lowerBound)))
            XCTAssertEqual(row["last_month"], Self.text(Self.monthStart(pooled.upperBound - 1)))
            XCTAssertEqual(Int(row["contacted"]!!), want.contacted, label)
            XCTAssertEqual(Int(row["matched_contacted"]!!), want.matchedContacted, label)
            XCTAssertEqual(Int(row["matched_control"]!!), want.matchedControl, label)
            XCTAssertEqual(Int(row["strata"]!!), want.strata, label)
            XCTAssertEqual(row["verdict"]!!, want.verdict, label)
            for (column, value) in want.figures {
                guard let value else {
                    XCTAssertNil(row[column]!, "\(label) \(column)")
                    continue
                }
                XCTAssertEqual(Double(try XCTUnwrap(row[column]!, "\(label) \(column)"))!, value, accuracy: 0.000101, "\(label) \(column)")
            }
        }
        // The fixture exercises what it should: matches in several segments and both channels.
        XCTAssertGreaterThan(expected.first { $0.breakdown == "overall" }!.matchedContacted, 20)
        XCTAssertEqual(Set(expected.filter { $0.breakdown == "channel" }.map(\.cell)), ["email", "sms"])
        XCTAssertGreaterThanOrEqual(expected.filter { $0.breakdown == "segment" }.count, 3)
    }

    struct ExpectedRow {
        var breakdown: String
        var cell: String
        var contacted = 0
        var matchedContacted = 0
        var matchedControl = 0
        var strata = 0
        var figures: [(String, Double?)] = []
        var verdict = ""
    }

    /// Unit of the comparison: one customer in one pooled month.
    struct Unit {
        var stratum: String
        var segment: String
        var contacted: Bool
        var channels: Set<String>
        var up: Bool
        var down: Bool
    }

    static func reference(
        _ connection: Connection, pooled: Range<Int>, orders: [Order], contacts: [Contact], runs: [Run]
    ) throws -> [ExpectedRow] {
        let snapshot = try connection.query(
            "select month::text, customer_id, tier_rank::text, r_score::text, f_score::text from dw.fact_customer_month")
        var state: [String: (tier: Int, r: Int, f: Int)] = [:]
        for row in snapshot.rows {
            state["\(row[0]!) \(row[1]!)"] = (Int(row[2]!)!, Int(row[3]!)!, Int(row[4]!)!)
        }
        var units: [Unit] = []
        for k in pooled {
            let start = monthStart(k), end = monthStart(k + 1), baseDay = start - 1
            let base = text(monthStart(k - 1)), month = text(start)
            let ordersBy = Dictionary(grouping: orders.filter { $0.day <= baseDay }, by: \.customer)
            for (customer, own) in ordersBy {
                let before = state["\(base) \(customer)"]
                let tier = before?.tier ?? 5
                let after = state["\(month) \(customer)"]?.tier ?? 5
                let recency = baseDay - own.map(\.day).max()!
                let segment = before.map { segmentOf(r: $0.r, f: $0.f, orders: own.count, recency: recency) } ?? "lapsed"
                let firstDay = own.map(\.day).min()!
                let firstMonth = (0..<24).last { monthStart($0) <= firstDay }!
                let tenure = (k - 1) - firstMonth
                let tenureBand = tenure < 3 ? "0-2" : tenure < 12 ? "3-11" : tenure < 24 ? "12-23" : "24+"
                // The latest run dated on or before the day before the month.
                let run = runs.filter { $0.asOf <= baseDay }.max { $0.asOf < $1.asOf }
                let p = run?.scores[customer]
                let band = p.map { $0 < 0.05 ? "a" : $0 < 0.2 ? "b" : $0 < 0.5 ? "c" : "d" } ?? "none"
                let channels = Set(contacts.filter { $0.customer == customer && !$0.isControl && $0.day >= start && $0.day < end }.map(\.channel))
                units.append(Unit(
                    stratum: "\(k) \(tier) \(segment) \(tenureBand) \(band)", segment: segment, contacted: !channels.isEmpty,
                    channels: channels, up: after < tier, down: after > tier))
            }
        }
        var rows: [ExpectedRow] = [estimate("overall", "all", treated: units.filter(\.contacted), controls: units.filter { !$0.contacted })]
        for segment in Set(units.map(\.segment)).sorted() {
            let mine = units.filter { $0.segment == segment }
            guard mine.contains(where: \.contacted) else { continue }
            rows.append(estimate("segment", segment, treated: mine.filter(\.contacted), controls: mine.filter { !$0.contacted }))
        }
        for channel in Set(units.flatMap(\.channels)).sorted() {
            rows.append(estimate("channel", channel, treated: units.filter { $0.channels.contains(channel) },
                                 controls: units.filter { !$0.contacted }))
        }
        return rows
    }

    /// The R × F grid of docs/marts.md with the new-customer rule first.
    static func segmentOf(r: Int, f: Int, orders: Int, recency: Int) -> String {
        if orders == 1 && recency <= 90 { return "new" }
        switch (r, f) {
        case (5, 4...): return "champions"
        case (3..., 4...): return "loyal"
        case (4..., 2...3): return "potential loyalists"
        case (4..., 1): return "promising"
        case (3, 3): return "need attention"
        case (3, _): return "about to sleep"
        case (_, 5): return "can't lose"
        case (_, 3...): return "at risk"
        default: return "hibernating"
        }
    }

    /// Stratified difference of proportions weighted by the contacted count
    /// of each stratum holding both groups; SE² = Σ w²(p_t q_t / n_t + p_c q_c / n_c) / (Σ w)².
    static func estimate(_ breakdown: String, _ cell: String, treated: [Unit], controls: [Unit]) -> ExpectedRow {
        var row = ExpectedRow(breakdown: breakdown, cell: cell, contacted: treated.count)
        let t = Dictionary(grouping: treated, by: \.stratum), c = Dictionary(grouping: controls, by: \.stratum)
        var w = 0.0
        var sums = (upT: 0.0, upC: 0.0, upVar: 0.0, downT: 0.0, downC: 0.0, downVar: 0.0)
        for (stratum, tu) in t {
            guard let cu = c[stratum] else { continue }
            row.strata += 1
            row.matchedContacted += tu.count
            row.matchedControl += cu.count
            let nt = Double(tu.count), nc = Double(cu.count)
            let ut = Double(tu.filter(\.up).count) / nt, uc = Double(cu.filter(\.up).count) / nc
            let dt = Double(tu.filter(\.down).count) / nt, dc = Double(cu.filter(\.down).count) / nc
            w += nt
            sums.upT += nt * ut
            sums.upC += nt * uc
            sums.upVar += nt * nt * (ut * (1 - ut) / nt + uc * (1 - uc) / nc)
            sums.downT += nt * dt
            sums.downC += nt * dc
            sums.downVar += nt * nt * (dt * (1 - dt) / nt + dc * (1 - dc) / nc)
        }
        guard w > 0 else {
            row.figures = ["contacted_up_rate", "up_difference_rate", "down_difference_rate"].map { ($0, nil) }
            row.verdict = "no matched customers"
            return row
        }
        let z = 1.959964
        let up = (sums.upT - sums.upC) / w, upH = z * sums.upVar.squareRoot() / w
        let down = (sums.downT - sums.downC) / w, downH = z * sums.downVar.squareRoot() / w
        func r(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
        row.figures = [
            ("contacted_up_rate", r(sums.upT / w)), ("control_up_rate", r(sums.upC / w)), ("up_difference_rate", r(up)),
            ("up_low_rate", r(up - upH)), ("up_high_rate", r(up + upH)),
            ("contacted_down_rate", r(sums.downT / w)), ("control_down_rate", r(sums.downC / w)),
            ("down_difference_rate", r(down)), ("down_low_rate", r(down - downH)), ("down_high_rate", r(down + downH)),
        ]
        var verdicts: [String] = []
        if up - upH > 0 { verdicts.append("raises upward moves") } else if up + upH < 0 { verdicts.append("lowers upward moves") }
        if down + downH < 0 { verdicts.append("fewer downward moves") } else if down - downH > 0 { verdicts.append("more downward moves") }
        row.verdict = verdicts.isEmpty ? "no measurable effect" : verdicts.joined(separator: "; ")
        return row
    }
}
