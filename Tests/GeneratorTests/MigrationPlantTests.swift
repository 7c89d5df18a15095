import Foundation
import Generator
import XCTest

/// The migration plant (GeneratorOptions.plantsMigrationEffect) adds extra
/// orders and nothing else: the other feeds are byte for byte those of the
/// same seed without it, every order without it is still there, and the
/// extra orders go to the planted states with the planted chance.
final class MigrationPlantTests: XCTestCase {
    func testThePlantAddsOnlyItsExtraOrders() throws {
        func generate(_ plant: Bool) throws -> (directory: String, manifest: Manifest) {
            let directory = GeneratedFeeds.temporaryDirectory(plant ? "plant-on" : "plant-off")
            var options = GeneratorOptions(customers: 3000, transactions: 30_000, outputDirectory: directory, seed: 5)
            options.plantsMigrationEffect = plant
            return (directory, try FeedGenerator(options: options).run())
        }
        let off = try generate(false), on = try generate(true)
        defer { for d in [off.directory, on.directory] { try? FileManager.default.removeItem(atPath: d) } }
        XCTAssertNil(off.manifest.migrationPlant)
        let plant = try XCTUnwrap(on.manifest.migrationPlant)

        for name in ["products.csv", "campaigns.csv", "contacts.csv", "interactions.csv", "fx_rates.csv"] {
            XCTAssertEqual(
                try Data(contentsOf: URL(fileURLWithPath: off.directory + "/" + name)),
                try Data(contentsOf: URL(fileURLWithPath: on.directory + "/" + name)), name)
        }
        // Every line without the plant is there with it (order ids aside: the extra orders take numbers too).
        func lines(_ directory: String) throws -> [Substring: Int] {
            let text = try String(contentsOfFile: directory + "/transactions.csv", encoding: .utf8)
            var counts: [Substring: Int] = [:]
            for line in text.split(separator: "\n").dropFirst() {
                counts[line.drop { $0 != "," }, default: 0] += 1
            }
            return counts
        }
        let before = try lines(off.directory), after = try lines(on.directory)
        var missing = 0
        for (line, count) in before where after[line, default: 0] < count { missing += count - after[line, default: 0] }
        XCTAssertEqual(missing, 0, "lines of the unplanted feed missing from the planted one")

        let extra = plant.cells.reduce(0) { $0 + $1.extraOrders }
        XCTAssertEqual(on.manifest.expectations.orders, off.manifest.expectations.orders + extra)
        XCTAssertGreaterThan(after.values.reduce(0, +), before.values.reduce(0, +))
        XCTAssertEqual(plant.cells.map(\.segment), ["lapsed", "new", "other"])
        for cell in plant.cells {
            if cell.segment == "other" {
                XCTAssertEqual(cell.extraOrders, 0)
                XCTAssertGreaterThan(cell.contactedCustomerMonths, 0)
                continue
            }
            // Binomial: within 4 standard deviations of the chance (a contact on
            // a month's last hours has no room for an order and loses a few).
            let n = Double(cell.contactedCustomerMonths), p = plant.extraOrderChance
            XCTAssertGreaterThan(n, 50, cell.segment)
            XCTAssertEqual(Double(cell.extraOrders), n * p, accuracy: 4 * (n * p * (1 - p)).squareRoot() + 0.02 * n, cell.segment)
        }
    }
}
