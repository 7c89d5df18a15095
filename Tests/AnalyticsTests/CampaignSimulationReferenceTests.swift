import Foundation
import XCTest

@testable import Analytics

/// The campaign simulation estimator against values computed from the
/// formulas alone by scripts/simulation-reference/make_fixture.py (Python
/// standard library): hyperparameters, posteriors of chosen nodes (thick,
/// thin, unseen, a parent with too few children), forecasts of plans by
/// cell and by propensity, and the backtest over the fixture's history.
final class CampaignSimulationReferenceTests: XCTestCase {
    struct Fixture: Decodable {
        struct Group: Decodable {
            var customers, responders: Double
            var orders, ordersSquared, preOrders, preOrdersSquared, ordersCross: Double
            var revenue, revenueSquared, preRevenue, preRevenueSquared, revenueCross: Double
            var sums: GroupSums {
                GroupSums(
                    customers: customers, responders: responders,
                    orders: .init(sum: orders, squares: ordersSquared, preSum: preOrders, preSquares: preOrdersSquared,
                                  cross: ordersCross),
                    revenue: .init(sum: revenue, squares: revenueSquared, preSum: preRevenue,
                                   preSquares: preRevenueSquared, cross: revenueCross))
            }
        }
        struct Row: Decodable {
            var campaignCode, startDate, windowEndDate, channel, campaignType, cell: String
            var treatment, control: Group
        }
        struct Strength: Decodable {
            var parent: [String]
            var value: Double?
        }
        struct Node: Decodable {
            var path: [String]
            var responseRate: [Double]
            var ordersUplift: [Double]?
            var revenueUplift: [Double]?
        }
        struct Interval: Decodable {
            var estimate, low, high, standardError: Double
        }
        struct PlanCell: Decodable {
            var cell: String
            var customers: Double
            var propensitySum: Double?
            var propensityVarianceSum: Double?
        }
        struct Result: Decodable {
            var customers: Double
            var responders: Interval
            var orders: Interval?
            var revenue: Interval?
        }
        struct Forecast: Decodable {
            var channel, campaignType: String
            var cells: [PlanCell]
            var result: Result
        }
        struct BacktestCampaign: Decodable {
            var campaignCode: String
            var pastCampaigns: Int
            var predictedResponders: Interval
            var actualResponders: Double
            var baselineResponders: Double
            var predictedRevenue: Interval?
            var actualRevenue: Double?
            var actualRevenueError: Double?
        }
        struct Summary: Decodable {
            var campaigns: Int
            var meanActualResponders, respondersMae, respondersBias, baselineRespondersMae, respondersCoverage: Double
            var controlCampaigns: Int
            var revenueMae, zeroRevenueMae, revenueCoverage: Double?
        }
        struct Backtest: Decodable {
            var asOf: String
            var campaigns: [BacktestCampaign]
            var summary: Summary
        }
        var history: [Row]
        var campaignCorrelation: Double
        var campaignUpliftVariance: [String: Double]
        var strengths: [Strength]
        var levelStrengths: [Double?]
        var levelBetweenVariances: [String: [Double]]
        var typeFactors: [String: [Double]]
        var cellFactors: [String: [Double]]
        var nodes: [Node]
        var forecasts: [Forecast]
        var backtest: Backtest
    }

    static let fixture: Fixture = {
        let url = Bundle.module.url(forResource: "campaign_simulation", withExtension: "json", subdirectory: "Fixtures")!
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try! decoder.decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static var history: [CampaignCellHistory] {
        fixture.history.map {
            CampaignCellHistory(
                campaignCode: $0.campaignCode, startDate: $0.startDate, windowEndDate: $0.windowEndDate,
                channel: $0.channel, campaignType: $0.campaignType, cell: $0.cell, treatment: $0.treatment.sums,
                control: $0.control.sums)
        }
    }

    func close(_ actual: Double, _ expected: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual, expected, accuracy: 1e-9 * max(1, abs(expected)), what, file: file, line: line)
    }

    func close(_ actual: PredictionInterval?, _ expected: Fixture.Interval?, _ what: String) {
        guard let expected else { return XCTAssertNil(actual, what) }
        guard let actual else { return XCTFail("\(what): nil, expected \(expected.estimate)") }
        close(actual.estimate, expected.estimate, what + " estimate")
        close(actual.low, expected.low, what + " low")
        close(actual.high, expected.high, what + " high")
        close(actual.standardError, expected.standardError, what + " standard error")
    }

    func testHyperparameters() throws {
        let model = try CampaignResponseModel(history: Self.history)
        let fixture = Self.fixture
        close(model.campaignCorrelation, fixture.campaignCorrelation, "ρ_c")
        XCTAssertGreaterThan(model.campaignCorrelation, 0, "the fixture's campaigns vary beyond chance")
        for measure in UpliftMeasure.allCases {
            close(model.campaignUpliftVariance[measure]!, fixture.campaignUpliftVariance[measure.rawValue]!, "τ²_c \(measure)")
            for depth in 0..<3 {
                close(model.betweenVariance(measure, under: Array(repeating: "?", count: depth)),
                      fixture.levelBetweenVariances[measure.rawValue]![depth], "pooled τ² \(measure) depth \(depth)")
            }
        }
        for depth in 0..<3 {
            let expected = fixture.levelStrengths[depth] ?? .infinity
            let actual = model.strength(under: Array(repeating: "?", count: depth))
            if expected.isInfinite { XCTAssertTrue(actual.isInfinite, "pooled κ depth \(depth)") } else { close(actual, expected, "pooled κ depth \(depth)") }
        }
        XCTAssertTrue(fixture.strengths.contains { $0.value == nil }, "the fixture has a parent whose children do not differ")
        XCTAssertEqual(Set(model.typeFactors.keys), Set(fixture.typeFactors.keys))
        XCTAssertEqual(Set(model.cellFactors.keys), Set(fixture.cellFactors.keys))
        for (name, expected) in fixture.typeFactors {
            close(model.typeFactors[name]!.mean, expected[0], "type factor \(name)")
            close(model.typeFactors[name]!.variance, expected[1], "its variance")
        }
        for (name, expected) in fixture.cellFactors {
            close(model.cellFactors[name]!.mean, expected[0], "cell factor \(name)")
            close(model.cellFactors[name]!.variance, expected[1], "its variance")
        }
        XCTAssertTrue(model.cellFactors.values.contains { $0.mean < 0.8 } && model.cellFactors.values.contains { $0.mean > 1.2 },
                      "the fixture's cells differ")
        for strength in fixture.strengths {
            let actual = model.strength(under: strength.parent)
            if let value = strength.value { close(actual, value, "κ under \(strength.parent)") } else {
                XCTAssertTrue(actual.isInfinite, "κ under \(strength.parent): \(actual)")
            }
        }
    }

    func testNodePosteriors() throws {
        let model = try CampaignResponseModel(history: Self.history)
        for node in Self.fixture.nodes {
            let rate = model.responseRate(node.path)
            let expected = node.responseRate
            close(rate.mean, expected[0], "\(node.path) rate")
            close(rate.ownVariance, expected[1], "\(node.path) rate own variance")
            close(rate.parentWeight, expected[2], "\(node.path) rate weight")
            close(rate.variance, expected[3], "\(node.path) rate variance")
            close(rate.priorFactor, expected[4], "\(node.path) factor")
            close(rate.priorFactorVariance, expected[5], "\(node.path) factor variance")
            for (measure, reference) in [(UpliftMeasure.orders, node.ordersUplift), (.revenue, node.revenueUplift)] {
                let uplift = model.uplift(measure, node.path)
                guard let reference else { XCTAssertNil(uplift); continue }
                let actual = try XCTUnwrap(uplift, "\(node.path) \(measure)")
                close(actual.mean, reference[0], "\(node.path) \(measure) uplift")
                close(actual.ownVariance, reference[1], "\(node.path) \(measure) own variance")
                close(actual.parentWeight, reference[2], "\(node.path) \(measure) weight")
                close(actual.variance, reference[3], "\(node.path) \(measure) variance")
            }
        }
    }

    func testForecasts() throws {
        let model = try CampaignResponseModel(history: Self.history)
        for plan in Self.fixture.forecasts {
            let what = "\(plan.channel) \(plan.campaignType)"
            let forecast = model.forecast(
                channel: plan.channel, campaignType: plan.campaignType,
                cells: plan.cells.map {
                    PlanCell(cell: $0.cell, customers: $0.customers, propensitySum: $0.propensitySum,
                             propensityVarianceSum: $0.propensityVarianceSum)
                })
            close(forecast.customers, plan.result.customers, what + " customers")
            close(forecast.responders, plan.result.responders, what + " responders")
            close(forecast.incrementalOrders, plan.result.orders, what + " orders")
            close(forecast.incrementalRevenue, plan.result.revenue, what + " revenue")
        }
    }

    func testBacktest() {
        let reference = Self.fixture.backtest
        let (campaigns, summary) = CampaignBacktest.run(history: Self.history, asOf: reference.asOf)
        XCTAssertEqual(campaigns.map(\.campaignCode), reference.campaigns.map(\.campaignCode))
        for (actual, expected) in zip(campaigns, reference.campaigns) {
            let what = actual.campaignCode
            XCTAssertEqual(actual.pastCampaigns, expected.pastCampaigns, what)
            close(actual.predictedResponders, expected.predictedResponders, what + " responders")
            close(actual.actualResponders, expected.actualResponders, what + " actual responders")
            close(actual.baselineResponders, expected.baselineResponders, what + " baseline")
            close(actual.predictedRevenue, expected.predictedRevenue, what + " revenue")
            XCTAssertEqual(actual.actualRevenue == nil, expected.actualRevenue == nil, what)
            if let a = actual.actualRevenue, let e = expected.actualRevenue { close(a, e, what + " actual revenue") }
            if let a = actual.actualRevenueError, let e = expected.actualRevenueError { close(a, e, what + " its error") }
        }
        let expected = reference.summary
        XCTAssertEqual(summary.campaigns, expected.campaigns)
        XCTAssertEqual(summary.controlCampaigns, expected.controlCampaigns)
        close(summary.meanActualResponders, expected.meanActualResponders, "mean actual")
        close(summary.respondersMAE, expected.respondersMae, "MAE")
        close(summary.respondersBias, expected.respondersBias, "bias")
        close(summary.baselineRespondersMAE, expected.baselineRespondersMae, "baseline MAE")
        close(summary.respondersCoverage, expected.respondersCoverage, "coverage")
        close(summary.revenueMAE!, expected.revenueMae!, "revenue MAE")
        close(summary.zeroRevenueMAE!, expected.zeroRevenueMae!, "zero MAE")
        close(summary.revenueCoverage!, expected.revenueCoverage!, "revenue coverage")
    }
}
