import Foundation
import Generator
import XCTest

final class ReproducibilityTests: XCTestCase {
    func generate(seed: UInt64, name: String) throws -> String {
        let dir = GeneratedFeeds.temporaryDirectory(name)
        try FeedGenerator(options: GeneratorOptions(customers: 400, transactions: 3000, outputDirectory: dir, seed: seed)).run()
        return dir
    }

    func testSameSeedGivesByteIdenticalFiles() throws {
        let a = try generate(seed: 11, name: "repro-a"), b = try generate(seed: 11, name: "repro-b")
        defer { for d in [a, b] { try? FileManager.default.removeItem(atPath: d) } }
        for name in FeedGenerator.fileNames + ["manifest.json"] {
            let da = try Data(contentsOf: URL(fileURLWithPath: a + "/" + name))
            let db = try Data(contentsOf: URL(fileURLWithPath: b + "/" + name))
            XCTAssertFalse(da.isEmpty, name)
            XCTAssertEqual(da, db, name)
        }
    }

    func testDifferentSeedsGiveDifferentData() throws {
        let a = try generate(seed: 1, name: "seed-1"), b = try generate(seed: 2, name: "seed-2")
        defer { for d in [a, b] { try? FileManager.default.removeItem(atPath: d) } }
        for name in ["contacts.csv", "transactions.csv", "interactions.csv"] {
            let da = try Data(contentsOf: URL(fileURLWithPath: a + "/" + name))
            let db = try Data(contentsOf: URL(fileURLWithPath: b + "/" + name))
            XCTAssertNotEqual(da, db, name)
        }
    }

    func testRandomSourceIsAStableStream() {
        var r = RandomSource(seed: 42)
        let first = (0..<3).map { _ in r.next() }
        var again = RandomSource(seed: 42)
        XCTAssertEqual(first, (0..<3).map { _ in again.next() })
        var u = RandomSource(seed: 5)
        let draws = (0..<20_000).map { _ in u.below(10) }
        XCTAssertEqual(Set(draws), Set(0..<10))
        let mean = (0..<20_000).map { _ in u.unit() }.reduce(0, +) / 20_000
        XCTAssertEqual(mean, 0.5, accuracy: 0.01)
    }

    func testDistributionsHaveTheirMeans() {
        var r = RandomSource(seed: 9)
        let n = 40_000.0
        let gamma = (0..<40_000).map { _ in r.gamma(shape: 0.55, scale: 2) }.reduce(0, +) / n
        XCTAssertEqual(gamma, 1.1, accuracy: 0.05)
        let beta = (0..<40_000).map { _ in r.beta(0.9, 2.2) }.reduce(0, +) / n
        XCTAssertEqual(beta, 0.9 / 3.1, accuracy: 0.01)
        let normal = (0..<40_000).map { _ in r.normal() }.reduce(0, +) / n
        XCTAssertEqual(normal, 0, accuracy: 0.02)
        let geometric = Double((0..<40_000).map { _ in r.geometric(0.25) }.reduce(0, +)) / n
        XCTAssertEqual(geometric, 3, accuracy: 0.1)
    }
}
