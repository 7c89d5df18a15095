import Foundation
import PostgresClient
import Reports
import TestSupport
import XCTest

/// `crmwh report clv` on the generated warehouse (scores of 60 % of its customers, CLVs
/// with two decimals, so some are equal), against the scores read back and grouped here.
final class ClvReportTests: XCTestCase {
    private struct Score {
        var customerID: String
        var clv: Decimal
    }

    private func scores(_ connection: Connection) throws -> [Score] {
        // The latest scoring day, then the version scored last that day.
        let versions = try connection.query(
            "select as_of::text, model_version, max(scored_at)::text from dw.customer_score group by 1, 2")
        let latest = try XCTUnwrap(versions.rows.max { ($0[0]!, $0[2]!, $0[1]!) < ($1[0]!, $1[2]!, $1[1]!) })
        return try connection.query(
            "select customer_id, clv::text from dw.customer_score where as_of = $1::date and model_version = $2",
            [latest[0], latest[1]]
        ).rows.map { Score(customerID: $0[0]!, clv: Decimal(string: $0[1]!)!) }
    }

    private func column(_ table: ReportTable, _ name: String) throws -> [String?] {
        XCTAssertNotNil(table.columnIndex(name), name)
        return table.values(name)
    }

    func testCLVReportAgainstTheScoresGroupedHere() throws {
        let warehouse = try GeneratedWarehouse.shared()
        let connection = warehouse.builder.connection
        let document = try ReportCatalog.named("clv").run(connection)
        let sections = Dictionary(uniqueKeysWithValues: document.sections.map { ($0.title, $0.table) })
        XCTAssertEqual(document.sections.first?.title, "Model")
        let scores = try scores(connection)
        XCTAssertGreaterThan(scores.count, 500)

        // Deciles: customers ranked by CLV, a decile being ceil(10 × share with a CLV at least as high).
        let n = scores.count
        var deciles: [Int: (customers: Int, total: Decimal)] = [:]
        for score in scores {
            let atLeast = scores.filter { $0.clv >= score.clv }.count
            let decile = (10 * atLeast + n - 1) / n
            deciles[decile, default: (0, 0)].customers += 1
            deciles[decile, default: (0, 0)].total += score.clv
        }
        let decileTable = try XCTUnwrap(sections["Predicted CLV by decile"])
        XCTAssertEqual(try column(decileTable, "category"), deciles.keys.sorted().map { "\($0)" })
        XCTAssertEqual(
            try column(decileTable, "customers").map { Int($0!)! }, deciles.keys.sorted().map { deciles[$0]!.customers })
        XCTAssertEqual(
            try column(decileTable, "total_clv").map { Decimal(string: $0!)! }, deciles.keys.sorted().map { deciles[$0]!.total })

        // Top customers: every customer ranked 20th or better, equal CLVs sharing a rank.
        let top = try XCTUnwrap(sections["Top customers by predicted CLV"])
        let ranked = scores.filter { score in scores.filter { $0.clv > score.clv }.count < 20 }
        XCTAssertEqual(Set(try column(top, "customer_id").map { $0! }), Set(ranked.map(\.customerID)))
        for (rank, id) in zip(try column(top, "top_rank"), try column(top, "customer_id")) {
            let clv = scores.first { $0.customerID == id! }!.clv
            XCTAssertEqual(Int(rank!)!, 1 + scores.filter { $0.clv > clv }.count, id!)
        }

        // By value tier (the stored mart's tier of each customer) and acquisition channel (the contact's).
        let tierOf = Dictionary(
            uniqueKeysWithValues: try connection.query("select customer_id, value_tier from mart.customer_value_current")
                .rows.map { ($0[0]!, $0[1]!) })
        let channelOf = Dictionary(
            uniqueKeysWithValues: try connection.query(
                """
                select customer_id, acquisition_channel from dw.dim_customer
                where is_current and customer_id <> 'unknown'
                """
            ).rows.map { row -> (String, String) in
                let channel = row[1]?.trimmingCharacters(in: .whitespaces) ?? ""
                return (row[0]!, channel.isEmpty ? "unknown" : channel)
            })
        for (title, key) in [
            ("Predicted CLV by value tier", { (id: String) in tierOf[id] ?? "none" }),
            ("Predicted CLV by acquisition channel", { (id: String) in channelOf[id] ?? "unknown" }),
        ] {
            var totals: [String: (customers: Int, total: Decimal)] = [:]
            for score in scores {
                totals[key(score.customerID), default: (0, 0)].customers += 1
                totals[key(score.customerID), default: (0, 0)].total += score.clv
            }
            let table = try XCTUnwrap(sections[title])
            let reported = Dictionary(
                uniqueKeysWithValues: zip(
                    try column(table, "category").map { $0! },
                    zip(try column(table, "customers"), try column(table, "total_clv")).map {
                        (Int($0.0!)!, Decimal(string: $0.1!)!)
                    }))
            XCTAssertEqual(reported.count, totals.count, title)
            for (category, value) in totals {
                XCTAssertEqual(reported[category]?.0, value.customers, "\(title) \(category)")
                XCTAssertEqual(reported[category]?.1, value.total, "\(title) \(category)")
            }
        }
        let all = try XCTUnwrap(sections["All scored customers"])
        XCTAssertEqual(try column(all, "customers"), ["\(n)"])
        XCTAssertEqual(try column(all, "total_clv").map { Decimal(string: $0!)! }, [scores.reduce(0) { $0 + $1.clv }])
        // Shares of one breakdown add up to the whole.
        let segments = try XCTUnwrap(sections["Predicted CLV by RFM segment"])
        XCTAssertEqual(try column(segments, "customers").reduce(0) { $0 + Int($1!)! }, n)
        let bands = try XCTUnwrap(sections["P(alive) bands"])
        XCTAssertEqual(try column(bands, "customers").reduce(0) { $0 + Int($1!)! }, n)

        // The header names the scores and gives the model's holdout error.
        let header = try XCTUnwrap(sections["Model"])
        let items = try column(header, "item").map { $0! }
        XCTAssertTrue(items.contains("holdout error (total)"), "\(items)")
        XCTAssertTrue(items.contains("holdout RMSE by frequency"), "\(items)")
    }

    func testCLVDiagnosticsSections() throws {
        let warehouse = try GeneratedWarehouse.shared()
        let document = try ReportCatalog.named("clv_diagnostics").run(
            warehouse.builder.connection, ReportParameters(months: 4))
        XCTAssertEqual(
            document.sections.map(\.title),
            [
                "Model", "Holdout purchases by calibration frequency", "Period transactions",
                "P(alive) by frequency and recency", "Expected purchases by frequency and recency",
                "Weekly repeat purchases",
            ])
        let model = document.sections[0].table
        XCTAssertTrue(
            model.values("value").contains { $0?.hasSuffix("expected purchases in the next 122 days") == true },
            "\(model.rows)")
        let weekly = document.sections[5].table
        // The calibration ends 4 months before the last day with sales, on a week end.
        let periods = weekly.values("period")
        XCTAssertEqual(periods.first, "calibration")
        XCTAssertEqual(periods.last, "holdout")
        let holdout = document.sections[1].table
        XCTAssertEqual(holdout.values("frequency"), ["0", "1", "2", "3", "4", "5", "6", "7+", "total"])
        // The holdout purchases of the groups add up to the total, and to the weekly holdout purchases.
        let actual = holdout.values("actual_purchases").map { Int($0!)! }
        XCTAssertEqual(actual.dropLast().reduce(0, +), actual.last)
        let weeklyHoldout = zip(periods, weekly.values("actual_purchases")).filter { $0.0 == "holdout" }
            .reduce(0) { $0 + Int($1.1!)! }
        XCTAssertEqual(weeklyHoldout, actual.last)
    }
}
