import Foundation
import PostgresClient
import Reports
import XCTest

/// mart.campaign_response on a hand-made warehouse: two overlapping
/// campaigns (one with a control group), responses at the same instant,
/// customers whose segment the day before the start differs from today's,
/// against a recomputation in Swift over the same raw rows.
final class CampaignResponseTests: XCTestCase {
    struct Campaign { var code: String; var start: Day; var cost: Decimal }
    struct Touch { var campaign: String; var customer: String; var type: String; var at: Date; var isControl: Bool }
    struct Line { var order: String; var customer: String; var at: Date; var amount: Decimal; var isReturn: Bool }

    static let campaigns = [
        Campaign(code: "X", start: Day("2025-03-10"), cost: 1000),
        Campaign(code: "Y", start: Day("2025-03-15"), cost: 500),
    ]
    static let window = 30

    static func at(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text.replacingOccurrences(of: " ", with: "T") + "Z")!
    }

    static let touches: [Touch] = {
        var rows: [Touch] = []
        func add(_ campaign: String, _ customer: String, _ type: String, _ at: String, control: Bool = false) {
            rows.append(Touch(campaign: campaign, customer: customer, type: type, at: CampaignResponseTests.at(at), isControl: control))
        }
        for c in ["T1", "T2", "T3", "T4", "T5", "T6"] { add("X", c, "sent", "2025-03-10 08:00:00") }
        for c in ["K1", "K2", "K3", "K4"] { add("X", c, "sent", "2025-03-10 08:00:00", control: true) }
        for c in ["T1", "T2", "T6", "T7"] { add("Y", c, "sent", "2025-03-15 08:00:00") }
        add("X", "T1", "responded", "2025-03-11 10:00:00")
        add("Y", "T1", "responded", "2025-03-16 10:00:00")
        add("X", "T2", "responded", "2025-03-12 10:00:00")
        add("Y", "T7", "responded", "2025-03-20 10:00:00")
        // Two responses at one instant: the line goes to the greater code.
        add("X", "T6", "responded", "2025-03-16 10:00:00")
        add("Y", "T6", "responded", "2025-03-16 10:00:00")
        // A control customer's response matched back: never attributed.
        add("X", "K1", "responded", "2025-03-13 10:00:00", control: true)
        return rows
    }()

    static let lines: [Line] = {
        var rows: [Line] = []
        func add(_ order: String, _ customer: String, _ at: String, _ amount: Decimal, isReturn: Bool = false) {
            rows.append(Line(order: order, customer: customer, at: CampaignResponseTests.at(at), amount: amount, isReturn: isReturn))
        }
        // History: everyone but T3 and K4 ordered before the campaigns.
        let history = ["T1", "T2", "T4", "T5", "T6", "T7", "K1", "K2", "K3", "B1", "B2", "B3", "B4", "B5"]
        for (n, c) in history.enumerated() {
            add("H\(n)a", c, "2024-0\(1 + n % 9)-1\(n % 10) 12:00:00", Decimal(20 + 7 * n))
            if n % 3 == 0 { add("H\(n)b", c, "2024-11-0\(1 + n % 9) 12:00:00", Decimal(35 + n)) }
        }
        add("L1", "T1", "2025-03-10 12:00:00", 40)  // in X's window, before any response
        add("L2", "T1", "2025-03-12 12:00:00", 50)  // → X (response 03-11)
        add("L3", "T1", "2025-03-17 12:00:00", 30)  // → Y (the more recent response, 03-16)
        add("R3", "T1", "2025-03-18 12:00:00", -10, isReturn: true)  // a return → Y
        add("L4", "T1", "2025-04-20 12:00:00", 20)  // past 30 days after the last response
        add("L5", "T2", "2025-03-11 12:00:00", 100)  // before T2's response
        add("L6", "T2", "2025-03-12 12:00:00", 60)  // → X (response at 10:00 that day)
        add("L7", "T3", "2025-03-10 12:00:00", 25)  // T3's first order: on the start day, not before it
        add("L8", "T4", "2025-03-09 12:00:00", 15)  // the day before the start: in T4's profile
        add("L9", "T6", "2025-03-16 12:00:00", 70)  // → Y (tie at 10:00, greater code)
        add("L10", "K1", "2025-03-14 12:00:00", 80)
        add("L11", "K2", "2025-03-20 12:00:00", 10)
        add("L12", "T7", "2025-03-21 12:00:00", 45)  // → Y
        add("L13", "K3", "2025-04-12 12:00:00", 5)  // after X's window (03-10 … 04-08)
        return rows
    }()

    static let builder: WarehouseBuilder = try! makeWarehouse(prefix: "campaign_response")

    static func makeWarehouse(prefix: String) throws -> WarehouseBuilder {
        let builder = try WarehouseBuilder(prefix: prefix)
        try builder.addStandardDimensions()
        let customers = Set(lines.map(\.customer)).union(touches.map(\.customer)).sorted()
        for c in customers { try builder.addCustomer(c) }
        for line in lines {
            let day = ISO8601DateFormatter.string(from: line.at, timeZone: TimeZone(identifier: "UTC")!,
                                                  formatOptions: [.withFullDate])
            try builder.connection.query(
                """
                insert into dw.fact_sales (
                    order_id, line_no, date_key, ordered_at, customer_key, customer_id, product_key, channel_key,
                    campaign_key, quantity, unit_price, amount, currency, amount_base, is_return, etl_run_id, etl_file_id
                )
                select $1, 1, to_char($3::date, 'YYYYMMDD')::integer, $4::timestamptz,
                    (select customer_key from dw.dim_customer where customer_id = $2), $2,
                    (select product_key from dw.dim_product where sku = 'P1'), -1, -1,
                    case when $6 then -1 else 1 end, abs($5::numeric), $5::numeric, 'EUR', $5::numeric, $6, 1, 1
                """, [line.order, line.customer, day, iso(line.at), "\(line.amount)", line.isReturn])
        }
        for c in campaigns {
            try builder.connection.query(
                "insert into dw.dim_campaign (campaign_code, start_date, cost) values ($1, $2::date, $3::numeric)",
                [c.code, dayText(c.start), "\(c.cost)"])
        }
        for (n, t) in touches.enumerated() {
            try builder.connection.query(
                """
                insert into dw.fact_interaction (
                    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
                    interaction_type, is_control, etl_run_id, etl_file_id
                )
                select 'I' || $1, $2::timestamptz, to_char($2::timestamptz at time zone 'UTC', 'YYYYMMDD')::integer,
                    (select customer_key from dw.dim_customer where customer_id = $3), $3, -1,
                    (select campaign_key from dw.dim_campaign where campaign_code = $4), $5, $6, 1, 1
                """, [n, iso(t.at), t.customer, t.campaign, t.type, t.isControl])
        }
        try builder.refresh()
        return builder
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
    static func dayText(_ day: Day) -> String {
        let date = Date(timeIntervalSince1970: Double(day.number) * 86_400)
        return ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
    }
    static func day(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    // MARK: the reference, from the raw rows

    struct Expected {
        var treatment: [String] = []
        var control: [String] = []
        var responded = 0
        var controlResponded = 0
        var revenue: [String: Decimal] = [:]
        var buyers: Set<String> = []
        var attributed: Decimal = 0
    }

    /// Each line to the most recent treatment response at or before it
    /// within the window; at one instant, the greater campaign code.
    static func attribution() -> [String: Decimal] {
        let control = Set(touches.filter(\.isControl).map { "\($0.campaign)|\($0.customer)" })
        let responses = touches.filter { $0.type == "responded" && !control.contains("\($0.campaign)|\($0.customer)") }
        var credited: [String: Decimal] = [:]
        for line in lines {
            let candidates = responses.filter {
                $0.customer == line.customer && $0.at <= line.at
                    && line.at < $0.at.addingTimeInterval(Double(window) * 86_400)
            }
            guard let winner = candidates.max(by: { ($0.at, $0.campaign) < ($1.at, $1.campaign) }) else { continue }
            credited[winner.campaign, default: 0] += line.amount
        }
        return credited
    }

    static func expected() -> [String: Expected] {
        var result: [String: Expected] = [:]
        let credited = attribution()
        for c in campaigns {
            var e = Expected()
            let mine = touches.filter { $0.campaign == c.code }
            let members = Set(mine.map(\.customer))
            for customer in members.sorted() {
                let rows = mine.filter { $0.customer == customer }
                let isControl = rows.contains(where: \.isControl)
                let responded = rows.contains { $0.type == "responded" }
                if isControl { e.control.append(customer) } else { e.treatment.append(customer) }
                if responded { if isControl { e.controlResponded += 1 } else { e.responded += 1 } }
                let inWindow = lines.filter {
                    $0.customer == customer && day($0.at) >= c.start.number && day($0.at) < c.start.number + window
                }
                e.revenue[customer] = inWindow.reduce(0) { $0 + $1.amount }
                if inWindow.contains(where: { !$0.isReturn }) { e.buyers.insert(customer) }
            }
            e.attributed = credited[c.code] ?? 0
            result[c.code] = e
        }
        return result
    }

    // MARK: tests

    func testCampaignFiguresMatchTheRawRows() throws {
        let rows = try Self.builder.records(
            "select * from mart.campaign_response where breakdown = 'campaign' order by campaign_code")
        XCTAssertEqual(rows.map { $0["campaign_code"]!! }, ["X", "Y"])
        let expected = Self.expected()
        for row in rows {
            let code = row["campaign_code"]!!
            let e = try XCTUnwrap(expected[code])
            XCTAssertEqual(Int(row["treatment_customers"]!!), e.treatment.count, code)
            XCTAssertEqual(Int(row["control_customers"]!!), e.control.count, code)
            XCTAssertEqual(Int(row["responded"]!!), e.responded, code)
            XCTAssertEqual(Decimal(string: row["attributed_revenue"]!!), e.attributed, code)
            let pt = Double(e.responded) / Double(e.treatment.count)
            XCTAssertEqual(Double(row["treatment_response_rate"]!!)!, pt, accuracy: 0.00005, code)
            let revenueT = e.treatment.map { e.revenue[$0]! }
            let meanT = revenueT.reduce(0, +) / Decimal(revenueT.count)
            XCTAssertEqual(Double(row["treatment_revenue_per_customer"]!!)!, (meanT as NSDecimalNumber).doubleValue,
                           accuracy: 0.00005, code)
            XCTAssertEqual(Double(row["treatment_buyer_rate"]!!)!,
                           Double(e.treatment.filter(e.buyers.contains).count) / Double(e.treatment.count),
                           accuracy: 0.00005, code)
            XCTAssertEqual(row["window_complete"], "t", code)
            guard !e.control.isEmpty else {
                XCTAssertEqual(row["uplift_basis"], "no control group", code)
                for column in ["response_uplift_rate", "buyer_uplift_rate", "revenue_uplift", "revenue_uplift_low",
                               "revenue_uplift_high", "control_revenue_per_customer"] {
                    XCTAssertEqual(row[column], .some(nil), "\(code) \(column)")
                }
                continue
            }
            XCTAssertEqual(row["uplift_basis"], "treatment vs control", code)
            let pc = Double(e.controlResponded) / Double(e.control.count)
            let seResponse = (pt * (1 - pt) / Double(e.treatment.count) + pc * (1 - pc) / Double(e.control.count)).squareRoot()
            XCTAssertEqual(Double(row["response_uplift_rate"]!!)!, pt - pc, accuracy: 0.00005, code)
            XCTAssertEqual(Double(row["response_uplift_low_rate"]!!)!, pt - pc - 1.959964 * seResponse, accuracy: 0.00005)
            XCTAssertEqual(Double(row["response_uplift_high_rate"]!!)!, pt - pc + 1.959964 * seResponse, accuracy: 0.00005)
            // Welch: the groups' own sample variances.
            func stats(_ values: [Decimal]) -> (mean: Double, variance: Double) {
                let v = values.map { ($0 as NSDecimalNumber).doubleValue }
                let mean = v.reduce(0, +) / Double(v.count)
                return (mean, v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count - 1))
            }
            let t = stats(revenueT), c = stats(e.control.map { e.revenue[$0]! })
            let se = (t.variance / Double(revenueT.count) + c.variance / Double(e.control.count)).squareRoot()
            XCTAssertEqual(Double(row["control_revenue_per_customer"]!!)!, c.mean, accuracy: 0.00005, code)
            XCTAssertEqual(Double(row["revenue_uplift"]!!)!, t.mean - c.mean, accuracy: 0.00005, code)
            XCTAssertEqual(Double(row["revenue_uplift_low"]!!)!, t.mean - c.mean - 1.959964 * se, accuracy: 0.0001)
            XCTAssertEqual(Double(row["revenue_uplift_high"]!!)!, t.mean - c.mean + 1.959964 * se, accuracy: 0.0001)
            XCTAssertEqual(Double(row["control_response_rate"]!!)!, pc, accuracy: 0.00005, code)
        }
    }

    func testAttributionCountsEveryLineOnce() throws {
        let total = try Self.builder.records(
            "select sum(attributed_revenue)::text as total from mart.campaign_response where breakdown = 'campaign'")
        // L2 + L6 to X; L3, R3, L9, L12 to Y; nothing else.
        XCTAssertEqual(Decimal(string: total[0]["total"]!!), 50 + 60 + 30 - 10 + 70 + 45)
        let credited = Self.attribution()
        XCTAssertEqual(credited["X"], 110)
        XCTAssertEqual(credited["Y"], 135)
    }

    func testSegmentAndTierAreTheDayBeforeTheStart() throws {
        let touches = try Self.builder.records(
            """
            select c.campaign_code, t.customer_id, t.segment, t.value_tier, r.segment as then_segment,
                v.value_tier as then_tier, now_.segment as today
            from mart.campaign_touch as t
            join dw.dim_campaign as c using (campaign_key)
            left join lateral mart.customer_rfm_compute(c.start_date - 1) as r on r.customer_id = t.customer_id
            left join lateral mart.customer_value_compute(c.start_date - 1) as v on v.customer_id = t.customer_id
            left join mart.customer_rfm_current as now_ on now_.customer_id = t.customer_id
            """)
        XCTAssertEqual(touches.count, 14)
        for row in touches {
            let who = "\(row["campaign_code"]!!) \(row["customer_id"]!!)"
            XCTAssertEqual(row["segment"]!, row["then_segment"]! ?? "no purchase", who)
            XCTAssertEqual(row["value_tier"]!, row["then_tier"]! ?? "no purchase", who)
        }
        // T3 first ordered on X's start day: no purchase the day before, a segment today.
        let t3 = try XCTUnwrap(touches.first { $0["customer_id"] == "T3" })
        XCTAssertEqual(t3["segment"], "no purchase")
        XCTAssertNotNil(t3["today"]!)
        // K4 never ordered: no purchase then and now.
        XCTAssertEqual(touches.first { $0["customer_id"] == "K4" }?["segment"], "no purchase")
        // The breakdown by segment adds up to the campaign.
        let sums = try Self.builder.records(
            """
            select breakdown, sum(treatment_customers)::text as t, sum(control_customers)::text as c,
                sum(attributed_revenue)::text as a
            from mart.campaign_response where campaign_code = 'X' group by breakdown order by breakdown
            """)
        XCTAssertEqual(sums.count, 3)
        XCTAssertEqual(Set(sums.map { $0["t"]!! }), ["6"])
        XCTAssertEqual(Set(sums.map { $0["c"]!! }), ["4"])
        XCTAssertEqual(Set(sums.map { Decimal(string: $0["a"]!!)! }), [110])
    }

    func testStoredEqualsComputedAndAsOfSeesWhatWasKnown() throws {
        let difference = try Self.builder.records(
            """
            select
                (select count(*) from (select * from mart.campaign_response_current
                    except select * from mart.campaign_response_compute(null, null)) as a)::text as missing,
                (select count(*) from (select * from mart.campaign_response_compute(null, null)
                    except select * from mart.campaign_response_current) as b)::text as extra,
                (select count(*) from (select * from mart.campaign_touch
                    except select * from mart.campaign_touch_compute(null, null)) as c)::text as touches
            """)[0]
        XCTAssertEqual(difference["missing"]!!, "0")
        XCTAssertEqual(difference["extra"]!!, "0")
        XCTAssertEqual(difference["touches"]!!, "0")
        // On 2025-03-14 Y had not started, X's window was open, and T6's
        // and T7's responses were still to come.
        let rows = try Self.builder.records(
            "select * from mart.campaign_response('2025-03-14'::date, null) where breakdown = 'campaign'")
        XCTAssertEqual(rows.map { $0["campaign_code"]!! }, ["X"])
        XCTAssertEqual(rows[0]["responded"], "2")
        XCTAssertEqual(rows[0]["window_complete"], "f")
        XCTAssertEqual(Decimal(string: rows[0]["attributed_revenue"]!!), 110)
        // T1's revenue then: L1 and L2 only.
        let t1 = try Self.builder.records(
            """
            select window_revenue::text from mart.campaign_touch_compute('2025-03-14'::date, null)
            where customer_id = 'T1'
            """)
        XCTAssertEqual(t1.map { Decimal(string: $0["window_revenue"]!!) }, [90])
    }

    func testReportShowsOneSectionPerBreakdown() throws {
        let document = try ReportCatalog.named("campaign_response").run(Self.builder.connection)
        XCTAssertEqual(document.sections.map { $0.title },
                       ["Campaign uplift", "By segment the day before the start", "By value tier the day before the start"])
        XCTAssertEqual(document.sections[0].table.rows.count, 2)
    }

    func testIncrementalRefreshEqualsFullRebuild() throws {
        let warehouse = try Self.makeWarehouse(prefix: "campaign_incremental")
        let connection = warehouse.connection
        let nights: [(name: String, sql: String)] = [
            (
                // A new campaign with a control group starts in the month of
                // the latest data; sales fall into its window.
                "new campaign",
                """
                insert into dw.dim_campaign (campaign_code, start_date, cost) values ('Z', '2025-04-18', 300);
                insert into dw.fact_interaction (
                    interaction_id, occurred_at, date_key, customer_key, customer_id, channel_key, campaign_key,
                    interaction_type, is_control, etl_run_id, etl_file_id
                )
                select 'Z-' || c.customer_id || '-' || t.type, timestamptz '2025-04-18 09:00+00' + t.lag, 20250418,
                    c.customer_key, c.customer_id, -1, (select campaign_key from dw.dim_campaign where campaign_code = 'Z'),
                    t.type, c.customer_id like 'B%' and c.customer_id > 'B3', 2, 2
                from dw.dim_customer as c
                cross join (values ('sent', interval '0'), ('responded', interval '1 hour')) as t(type, lag)
                where c.customer_id in ('T1', 'T3', 'B1', 'B2', 'B4', 'B5') and (t.type = 'sent' or c.customer_id = 'T1');
                """
            ),
            ("sales after", ""),
            // The campaigns feed moves Y's start.
            ("start moved", "update dw.dim_campaign set start_date = '2025-03-14' where campaign_code = 'Y'"),
            ("idle", "select 1"),
        ]
        var file = 3
        for night in nights {
            if !night.sql.isEmpty { try connection.execute(night.sql) }
            // Every night: a sale in Z's window and a late one before X's start.
            try warehouse.addLine(order: "N\(file)", customer: "T1", day: "2025-04-19", price: "12.50", fileID: file)
            try warehouse.addLine(order: "M\(file)", customer: "B2", day: "2025-03-0\(file)", price: "3.00", fileID: file)
            file += 1
            XCTAssertFalse(try warehouse.refresh().isFull, night.name)
            let incremental = try rows(connection)
            XCTAssertTrue(try warehouse.refresh(full: true).isFull)
            let rebuilt = try rows(connection)
            XCTAssertEqual(incremental, rebuilt, night.name)
            XCTAssertFalse(rebuilt.isEmpty)
        }
        let z = try warehouse.records(
            "select uplift_basis, control_customers::text as c from mart.campaign_response where campaign_code = 'Z' and breakdown = 'campaign'")
        XCTAssertEqual(z.first?["uplift_basis"], "treatment vs control")
        XCTAssertEqual(z.first?["c"], "2")
    }

    func rows(_ connection: PostgresClient.Connection) throws -> [String] {
        try connection.query("select t::text from mart.campaign_touch as t order by 1").rows.map { $0[0]! }
            + connection.query("select t::text from mart.campaign_response_current as t order by 1").rows.map { $0[0]! }
    }
}
