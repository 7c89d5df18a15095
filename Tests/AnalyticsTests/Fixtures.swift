import Foundation
import XCTest

@testable import Analytics

/// Reference values written by scripts/clv-reference/make_fixtures.py (lifetimes 0.11.3, mpmath).
struct BGNBDFixture: Decodable {
    struct Params: Decodable { var r, alpha, a, b: Double }
    var name: String
    var unit: String
    var penalizer: Double
    var frequency: [Int]?
    var recency: [Double]?
    var T: [Double]?
    var params: Params
    var logLikelihood: Double
    var horizon: Double
    var probabilityAlive: [Double]
    var expectedPurchases: [Double]
    var populationT: [Double]
    var populationExpectedPurchases: [Double]
}

struct GammaGammaFixture: Decodable {
    struct Params: Decodable { var p, q, v: Double }
    struct CLV: Decodable {
        var months: Int
        var monthlyDiscountRate: Double
        var monthLengthInUnit: Double
        var values: [Double]
    }
    var frequency: [Int]
    var recency: [Double]
    var T: [Double]
    var monetary: [Double]
    var params: Params
    var logLikelihood: Double
    var bgnbdParams: BGNBDFixture.Params
    var expectedAverageValue: [Double]
    var clv: CLV
    var frequencyMonetaryCorrelation: Double
}

struct HypergeometricCase: Decodable {
    var a, b, c, z: Double
    var value: String
}

struct LikelihoodReference: Decodable {
    struct BGRow: Decodable {
        var frequency: Int
        var recency, T: Double
        var logLikelihood: String
    }
    struct GGRow: Decodable {
        var frequency: Int
        var monetary: Double
        var logLikelihood: String
    }
    var bgnbdParams: BGNBDFixture.Params
    var bgnbd: [BGRow]
    var gammaGammaParams: GammaGammaFixture.Params
    var gammaGamma: [GGRow]
}

enum Fixtures {
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static func summary(frequency: [Int], recency: [Double], T: [Double], monetary: [Double]? = nil) -> RFMSummary {
        let rows = frequency.indices.map {
            RFMSummaryRow(
                customerID: "C\($0)", frequency: frequency[$0], recency: recency[$0], T: T[$0],
                monetary: monetary?[$0] ?? 0)
        }
        return RFMSummary(unit: .week, rows: rows)
    }

    static func summary(_ fixture: BGNBDFixture) -> RFMSummary {
        summary(frequency: fixture.frequency!, recency: fixture.recency!, T: fixture.T!)
    }
}

func assertRelative(
    _ actual: Double, _ expected: Double, _ tolerance: Double, _ what: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    let relative = abs(actual - expected) / max(abs(expected), 1e-300)
    XCTAssertLessThanOrEqual(relative, tolerance, "\(what): \(actual) vs \(expected)", file: file, line: line)
}
