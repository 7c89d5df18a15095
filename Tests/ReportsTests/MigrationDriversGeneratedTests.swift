import Feeds
import Foundation
import Generator
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// Generated feeds with the migration plant (manifest.migrationPlant):
/// contacted customers who were lapsed or new at the month's start order
/// once more in the month with a known chance, others get nothing extra.
/// `migration_drivers` must find the lift where it was planted and no
/// effect beyond the response orders' elsewhere.
final class MigrationDriversGeneratedTests: XCTestCase {
    func testTheReportFindsThePlantedLiftAndNoneWhereNoneWasPlanted() throws {
        var options = GeneratorOptions(customers: 16_000, transactions: 160_000, outputDirectory: "", seed: 11)
        options.plantsMigrationEffect = true
        let builder = try WarehouseBuilder(prefix: "migration_generated")
        let manifest = try GeneratedFeedLoad.generateAndLoad(options, into: builder.connection)
        try builder.refresh()
        let plant = try XCTUnwrap(manifest.migrationPlant)
        XCTAssertEqual(plant.segments, ["lapsed", "new"])

        let started = Date()
        let rows = try builder.records("select * from mart.migration_drivers(null, 24)")
        let seconds = Date().timeIntervalSince(started)
        var bySegment: [String: [String: String?]] = [:]
        for row in rows where row["breakdown"] == "segment" { bySegment[row["cell"]!!] = row }
        func number(_ row: [String: String?], _ column: String) -> Double { Double(row[column]!!)! }
        var summary: [String] = ["report: \(String(format: "%.1f", seconds)) s"]
        for row in rows {
            summary.append(
                "\(row["breakdown"]!!) \(row["cell"]!!): n \(row["matched_contacted"]!!) / \(row["matched_control"]!!) "
                    + "up \(row["contacted_up_rate"]!! ?? "") vs \(row["control_up_rate"]!! ?? "") "
                    + "diff \(row["up_difference_rate"]!! ?? "") [\(row["up_low_rate"]!! ?? ""), \(row["up_high_rate"]!! ?? "")] "
                    + "\(row["verdict"]!!)")
        }
        print(summary.joined(separator: "\n"))

        // Lapsed: the extra order always lifts a lapsed customer to low or
        // above, so the planted effect on the up-rate is the chance times
        // the share who would not have moved up anyway.
        let lapsed = try XCTUnwrap(bySegment["lapsed"])
        let expected = plant.extraOrderChance * (1 - number(lapsed, "control_up_rate"))
        let se = (number(lapsed, "up_high_rate") - number(lapsed, "up_low_rate")) / (2 * 1.959964)
        XCTAssertEqual(number(lapsed, "up_difference_rate"), expected, accuracy: 3 * se + 0.03, "lapsed: planted \(expected)")
        XCTAssertTrue(lapsed["verdict"]!!.contains("raises upward moves"))
        // New: a second order lifts many of them, never more than the chance.
        let new = try XCTUnwrap(bySegment["new"])
        XCTAssertTrue(new["verdict"]!!.contains("raises upward moves"))
        XCTAssertLessThan(number(new, "up_difference_rate"), plant.extraOrderChance + 0.03)
        // Elsewhere only the response orders (a few per cent of contacts) add
        // purchases: no difference of 3 points, and intervals containing 0
        // in all but at most one segment.
        var excluding: [String] = []
        for (segment, row) in bySegment where !plant.segments.contains(segment) && row["up_difference_rate"]!! != nil {
            XCTAssertLessThan(abs(number(row, "up_difference_rate")), 0.03, segment)
            if number(row, "up_low_rate") > 0 || number(row, "up_high_rate") < 0 { excluding.append(segment) }
        }
        XCTAssertLessThanOrEqual(excluding.count, 1, "segments without a plant whose interval excludes 0: \(excluding)")
        XCTAssertGreaterThanOrEqual(bySegment.count, 8)
    }
}
