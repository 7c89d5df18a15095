import Foundation
import Marts
import PostgresClient
import Reports
import TestSupport
import XCTest

/// The churn mart: the inactivity rule with its false-churn rate, the
/// table of inactivity windows, and P(alive) per month, on planted
/// customers checked by hand and on the generated warehouse against
/// ChurnReference.
///
/// The planted customers (orders on the 10th unless said; data end on
/// 2026-06-30; window 3 months, follow-up 12, so months up to 2025-06
/// can be judged):
/// - R orders in 2024-01 and 2024-06: churns in 2024-04 and returns, churns
///   again in 2024-09 for good;
/// - M orders in 2024-01, 2024-06, 2024-11 and 2025-04: churns four times,
///   returns three times, the last churn (2025-07) too recent to judge;
/// - T orders once, in 2024-02: churns in 2024-05, no repeat purchase;
/// - L orders in 2024-01 and 2025-06: churns in 2024-04 and returns 14
///   months later, after the follow-up (not a return);
/// - S orders every month (the last on 2026-06-30), never churns.
final class ChurnDefinitionTests: XCTestCase {
    nonisolated(unsafe) static var planted: WarehouseBuilder?

    static func buildPlanted() throws -> WarehouseBuilder {
        let warehouse = try WarehouseBuilder(prefix: "churn")
        try warehouse.addStandardDimensions()
        let orders: [String: [String]] = [
            "R": ["2024-01-10", "2024-06-10"],
            "M": ["2024-01-10", "2024-06-10", "2024-11-10", "2025-04-10"],
            "T": ["2024-02-10"],
            "L": ["2024-01-10", "2025-06-10"],
            "S": (0..<30).map { month in
                let year = 2024 + month / 12
                return String(format: "%04d-%02d-%@", year, month % 12 + 1, month == 29 ? "30" : "10")
            },
        ]
        for (customer, days) in orders.sorted(by: { $0.key < $1.key }) {
            try warehouse.addCustomer(customer)
            for (index, day) in days.enumerated() {
                try warehouse.addLine(order: "\(customer)\(index)", customer: customer, day: day)
            }
        }
        try warehouse.refresh()
        return warehouse
    }

    func planted() throws -> WarehouseBuilder {
        if let planted = Self.planted { return planted }
        let built = try Self.buildPlanted()
        Self.planted = built
        return built
    }

    func testFalseChurnPerMonthOnPlantedCustomers() throws {
        let rows = try planted().records(
            """
            select month::text, churned_customers::text, returned_customers::text, false_churn_rate::text,
                is_follow_up_complete::text, p_alive_below_customers::text, p_alive_model
            from mart.churn order by month
            """)
        let byMonth = Dictionary(uniqueKeysWithValues: rows.map { ($0["month"]!!, $0) })
        func value(_ month: String, _ column: String) -> String? {
            byMonth[month].flatMap { $0[column] } ?? nil
        }
        func check(_ month: String, _ churned: String, _ returned: String, _ rate: String?, _ complete: String) {
            XCTAssertEqual(value(month, "churned_customers"), churned, month)
            XCTAssertEqual(value(month, "returned_customers"), returned, month)
            XCTAssertEqual(value(month, "false_churn_rate"), rate, month)
            XCTAssertEqual(value(month, "is_follow_up_complete"), complete, month)
        }
        check("2024-04-01", "3", "2", "0.6667", "true")  // R and M return, L only after the follow-up
        check("2024-05-01", "1", "0", "0.0000", "true")  // T
        check("2024-09-01", "2", "1", "0.5000", "true")  // R for good, M returns in November
        check("2025-02-01", "1", "1", "1.0000", "true")  // M
        check("2025-06-01", "0", "0", nil, "true")  // nobody churned: no rate
        check("2025-07-01", "1", "0", nil, "false")  // M's last churn: too recent to judge
        check("2025-09-01", "1", "0", nil, "false")  // L
        // No fitted model: the model's columns say nothing.
        XCTAssertEqual(Set(rows.map { $0["p_alive_below_customers"]! }), [nil])
        XCTAssertEqual(Set(rows.map { $0["p_alive_model"]! }), [nil])
        // The inactivity rule is the KPIs' own.
        let kpi = try planted().records("select month::text, churned_customers::text from mart.kpi_monthly order by month")
        XCTAssertEqual(kpi.map { $0["churned_customers"]! }, rows.map { $0["churned_customers"]! })
    }

    func testWindowsOnPlantedCustomers() throws {
        let rows = try planted().records(
            """
            select inactive_months::text, churned_customers::text, returned_customers::text, return_share::text,
                is_recommended::text, is_configured::text
            from mart.churn_windows()
            """)
        XCTAssertEqual(rows.map { $0["inactive_months"]!! }, (1...12).map(String.init))
        let four = rows[3], five = rows[4], twelve = rows[11]
        // Four months: R twice, M three times (its fourth churn is too recent), T, L; R and M return.
        XCTAssertEqual([four["churned_customers"]!!, four["returned_customers"]!!, four["return_share"]!!], ["7", "4", "0.5714"])
        // Five months: R's and T's last orders, and L, whose return comes 12 months after June 2024.
        XCTAssertEqual([five["churned_customers"]!!, five["returned_customers"]!!, five["return_share"]!!], ["3", "1", "0.3333"])
        XCTAssertEqual([twelve["churned_customers"]!!, twelve["returned_customers"]!!], ["3", "1"])
        // No window reaches 10 %: none is recommended; the configured one is marked.
        XCTAssertEqual(rows.filter { $0["is_recommended"] == "true" }.count, 0)
        XCTAssertEqual(rows.filter { $0["is_configured"] == "true" }.map { $0["inactive_months"]!! }, ["3"])
    }

    func testTheLatestModelGivesPAliveAsAtEachMonthEnd() throws {
        let warehouse = try planted()
        let connection = warehouse.connection
        try connection.execute("begin")
        defer { _ = try? connection.execute("rollback") }
        // An older fit with other parameters, and the latest (in months).
        try connection.execute(
            """
            insert into dw.clv_model (model_version, as_of, time_unit, bgnbd_params, log_likelihood, converged, customers)
            values
                ('old', '2025-12-31', 'week', '{"r": 2, "alpha": 1, "a": 0.1, "b": 9}', 0, true, 5),
                ('latest', '2026-06-30', 'month', '{"r": 0.8, "alpha": 3, "a": 0.9, "b": 1.5}', 0, true, 5);
            select mart.refresh_churn_p_alive();
            """)
        let rows = try warehouse.records(
            """
            select month::text, p_alive_below_customers::text as below, p_alive_dropped_customers::text as dropped,
                p_alive_model
            from mart.churn order by month
            """)
        XCTAssertEqual(Set(rows.map { $0["p_alive_model"]! }), ["latest"])
        let reference = try ChurnReference(connection).pAlive(
            .init(r: 0.8, alpha: 3, a: 0.9, b: 1.5, unitDays: 365.25 / 12), threshold: 0.5)
        for row in rows {
            let month = Day(row["month"]!!).month
            XCTAssertEqual(Int(row["below"]!!), reference[month]?.below, row["month"]!!)
            XCTAssertEqual(Int(row["dropped"]!!), reference[month]?.dropped, row["month"]!!)
        }
        // Planted cases: R drops once after its last order, M several times.
        XCTAssertGreaterThan(rows.compactMap { Int($0["dropped"]!!) }.reduce(0, +), 2)
        XCTAssertGreaterThan(rows.compactMap { Int($0["below"]!!) }.max() ?? 0, 1)
    }

    /// An MBG/NBD fit: one-time buyers (T) can drop out as well.
    func testMBGNBDFitCountsOneTimeBuyers() throws {
        let warehouse = try planted()
        let connection = warehouse.connection
        try connection.execute("begin")
        defer { _ = try? connection.execute("rollback") }
        try connection.execute(
            """
            insert into dw.clv_model (
                model_version, as_of, time_unit, purchase_model, mbgnbd_params, log_likelihood, converged, customers
            )
            values ('modified', '2026-06-30', 'week', 'mbgnbd', '{"r": 0.8, "alpha": 12, "a": 0.9, "b": 1.5}', 0, true, 5);
            """)
        let model = ChurnReference.Model(r: 0.8, alpha: 12, a: 0.9, b: 1.5, unitDays: 7, isModified: true)
        let expected = try ChurnReference(connection).pAlive(model, threshold: 0.5)
        let rows = try warehouse.records(
            "select month::text, customers_below::text, customers_dropped::text, model_version from mart.churn_p_alive_compute()")
        XCTAssertEqual(Set(rows.map { $0["model_version"]!! }), ["modified"])
        for row in rows {
            let month = Day(row["month"]!!).month
            XCTAssertEqual(Int(row["customers_below"]!!), expected[month]?.below, row["month"]!!)
            XCTAssertEqual(Int(row["customers_dropped"]!!), expected[month]?.dropped, row["month"]!!)
        }
        // Only T has no repeat purchase; as BG/NBD it would never count.
        let bgnbd = try ChurnReference(connection).pAlive(
            .init(r: 0.8, alpha: 12, a: 0.9, b: 1.5, unitDays: 7), threshold: 0.5)
        XCTAssertNotEqual(expected, bgnbd)
    }

    /// The configuration's values reach mart.settings and change the output.
    func testSettingsFlowIntoTheChurnMart() throws {
        let warehouse = try Self.buildPlanted()
        var settings = MartSettings()
        settings.churnFollowupMonths = 3
        settings.churnWindowReturnShare = "0.4"
        settings.churnPAliveThreshold = "0.9"
        try warehouse.connection.execute(
            """
            insert into dw.clv_model (model_version, as_of, time_unit, bgnbd_params, log_likelihood, converged, customers)
            values ('latest', '2026-06-30', 'month', '{"r": 0.8, "alpha": 3, "a": 0.9, "b": 1.5}', 0, true, 5)
            """)
        let summary = try MartRefresher(connection: warehouse.connection, sql: try TestCluster.repositorySQL())
            .refresh(settings: settings)
        XCTAssertTrue(summary.isFull, "a changed setting rebuilds")
        let stored = try warehouse.records(
            """
            select name, value::text from mart.settings
            where name in ('churn_followup_months', 'churn_window_return_share', 'churn_p_alive_threshold')
            order by name
            """)
        XCTAssertEqual(stored.map { $0["value"]!! }, ["3", "0.9", "0.4"])
        // A 3-month follow-up: July 2025 can be judged now; M did not return within it.
        let july = try warehouse.records(
            "select false_churn_rate::text, is_follow_up_complete::text from mart.churn where month = '2025-07-01'")
        XCTAssertEqual(july.first?["false_churn_rate"], "0.0000")
        XCTAssertEqual(july.first?["is_follow_up_complete"], "true")
        // After one month without an order, returns come four months later
        // (R, M) or never: none within 3 months, so one month is recommended
        // (with 12 months' follow-up, no window is).
        let windows = try warehouse.records(
            "select inactive_months::text, return_share::text, is_recommended::text from mart.churn_windows()")
        XCTAssertEqual(windows.first?["return_share"], "0.0000")
        XCTAssertEqual(windows.filter { $0["is_recommended"] == "true" }.map { $0["inactive_months"]!! }, ["1"])
        // P(alive) against the reference at the configured threshold.
        let reference = try ChurnReference(warehouse.connection).pAlive(
            .init(r: 0.8, alpha: 3, a: 0.9, b: 1.5, unitDays: 365.25 / 12), threshold: 0.9)
        let rows = try warehouse.records("select month::text, p_alive_below_customers::text as below from mart.churn")
        for row in rows {
            XCTAssertEqual(Int(row["below"]!!), reference[Day(row["month"]!!).month]?.below, row["month"]!!)
        }
        // The churn report shows both tables.
        let document = try ReportCatalog.named("churn").run(warehouse.connection)
        XCTAssertEqual(document.sections.map(\.title), ["Churn per month", "Inactivity windows"])
    }

    func testGeneratedWarehouseMatchesReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let connection = generated.builder.connection
        let reference = try ChurnReference(connection)
        let window = 3, followup = 12
        // Every tracked window's events, month by month.
        let stored = try generated.builder.records(
            """
            select month::text, inactive_months::text, churned_customers::text, returned_customers::text
            from mart.churn_window_events
            """)
        var storedEvents: [Int: [Int: ChurnReference.Events]] = [:]
        for row in stored {
            storedEvents[Int(row["inactive_months"]!!)!, default: [:]][Day(row["month"]!!).month] = .init(
                churned: Int(row["churned_customers"]!!)!, returned: Int(row["returned_customers"]!!)!)
        }
        XCTAssertEqual(Set(storedEvents.keys), Set(1...12))
        for g in 1...12 {
            XCTAssertEqual(storedEvents[g], reference.events(window: g, followup: followup), "window \(g)")
        }
        // The monthly rows: churned, returned, the rate only where the follow-up can be judged.
        let events = reference.events(window: window, followup: followup)
        let rows = try generated.builder.records(
            """
            select month::text, churned_customers::text, returned_customers::text, false_churn_rate::text,
                is_follow_up_complete::text
            from mart.churn order by month
            """)
        XCTAssertEqual(rows.count, reference.months.count)
        var judged = 0
        for row in rows {
            let month = Day(row["month"]!!).month
            let expected = events[month] ?? .init()
            let complete = reference.followUpComplete(month, followup: followup)
            XCTAssertEqual(Int(row["churned_customers"]!!), expected.churned, row["month"]!!)
            XCTAssertEqual(Int(row["returned_customers"]!!), expected.returned, row["month"]!!)
            XCTAssertEqual(row["is_follow_up_complete"]!!, "\(complete)", row["month"]!!)
            if complete && expected.churned > 0 {
                judged += 1
                XCTAssertEqual(
                    Double(row["false_churn_rate"]!!)!, Double(expected.returned) / Double(expected.churned),
                    accuracy: 0.00005, row["month"]!!)
            } else {
                XCTAssertNil(row["false_churn_rate"]!, row["month"]!!)
            }
        }
        XCTAssertGreaterThan(judged, 3)
        // The windows table: pooled over the months that can be judged.
        let windows = try generated.builder.records(
            "select inactive_months::text, churned_customers::text, returned_customers::text, is_recommended::text from mart.churn_windows()")
        var recommended: Int?
        for row in windows {
            let g = Int(row["inactive_months"]!!)!
            let judgeable = reference.events(window: g, followup: followup)
                .filter { reference.followUpComplete($0.key, followup: followup) }.values
            let churned = judgeable.reduce(0) { $0 + $1.churned }
            let returned = judgeable.reduce(0) { $0 + $1.returned }
            XCTAssertEqual(Int(row["churned_customers"]!!), churned, "window \(g)")
            XCTAssertEqual(Int(row["returned_customers"]!!), returned, "window \(g)")
            if recommended == nil && churned > 0 && Double(returned) <= 0.10 * Double(churned) { recommended = g }
        }
        XCTAssertEqual(windows.filter { $0["is_recommended"] == "true" }.map { Int($0["inactive_months"]!!)! },
                       recommended.map { [$0] } ?? [])
        // The stored events equal their from-scratch computation.
        let difference = try generated.builder.records(
            """
            select
                (select count(*) from (select * from mart.churn_window_events
                    except select * from mart.churn_window_events_compute()) as a)::text as missing,
                (select count(*) from (select * from mart.churn_window_events_compute()
                    except select * from mart.churn_window_events) as b)::text as extra
            """)[0]
        XCTAssertEqual([difference["missing"]!!, difference["extra"]!!], ["0", "0"])
    }

    func testGeneratedPAliveMatchesReference() throws {
        let generated = try GeneratedWarehouse.shared()
        let connection = generated.builder.connection
        try connection.execute("begin")
        defer { _ = try? connection.execute("rollback") }
        // A fit in weeks, later than the generator's placeholder model (which has no parameters).
        try connection.execute(
            """
            insert into dw.clv_model (model_version, as_of, time_unit, bgnbd_params, log_likelihood, converged, customers)
            values ('weekly', '2100-01-01', 'week', '{"r": 0.6, "alpha": 9, "a": 0.7, "b": 2.2}', 0, true, 1500)
            """)
        let model = ChurnReference.Model(r: 0.6, alpha: 9, a: 0.7, b: 2.2, unitDays: 7)
        let reference = try ChurnReference(connection)
        for threshold in ["0.5", "0.3"] {
            try connection.query(
                "update mart.settings set value = $1::numeric where name = 'churn_p_alive_threshold'", [threshold])
            let expected = reference.pAlive(model, threshold: Double(threshold)!)
            let rows = try generated.builder.records(
                "select month::text, customers_below::text, customers_dropped::text, model_version from mart.churn_p_alive_compute()")
            XCTAssertEqual(rows.count, reference.months.count)
            XCTAssertEqual(Set(rows.map { $0["model_version"]!! }), ["weekly"])
            for row in rows {
                let month = Day(row["month"]!!).month
                XCTAssertEqual(Int(row["customers_below"]!!), expected[month]?.below, "\(threshold) \(row["month"]!!)")
                XCTAssertEqual(Int(row["customers_dropped"]!!), expected[month]?.dropped, "\(threshold) \(row["month"]!!)")
            }
            XCTAssertGreaterThan(expected.values.map(\.below).max() ?? 0, 50, "a test that can fail")
        }
    }
}
