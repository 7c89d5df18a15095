import Analytics
import Generator
import XCTest

@testable import Simulation

/// The generator plants each campaign's response by channel, type and
/// whether the customer had ordered before the start (CampaignAppeal), and
/// its manifest records what every campaign was expected to give. The
/// simulation, fitted on the loaded warehouse, must find it.
///
/// Tolerances: every planted rate of a channel, and all but one of the
/// channel × type rates, inside the model's 95 % interval of that node; the
/// channels and the types in the planted order, each type's planted factor
/// inside its factor's 95 % interval; the `no purchase` factor's interval
/// below 1 and around the planted one, the `no purchase` cells' planted
/// rates inside their intervals but one; the planted uplift of orders and
/// of revenue per contacted customer inside the model's 95 % intervals, the
/// orders' interval above 0.
final class PlantedCampaignRecoveryTests: XCTestCase {
    func fitted() throws -> (model: CampaignResponseModel, plants: [Manifest.CampaignPlant]) {
        let warehouse = try GeneratedCampaigns.shared()
        let reader = CampaignHistoryReader(connection: warehouse.connection)
        let asOf = try reader.defaultAsOf()
        let history = try reader.read(profile: "segment", windowDays: nil).filter { $0.windowEndDate <= asOf }
        return (try CampaignResponseModel(history: history), try warehouse.completedPlants())
    }

    func plantedRate(_ plants: [Manifest.CampaignPlant]) -> Double {
        plants.reduce(0) { $0 + $1.expectedResponses } / Double(plants.reduce(0) { $0 + $1.treatmentCustomers })
    }

    func interval(_ factor: RateFactor) -> ClosedRange<Double> {
        let half = PredictionInterval.z * factor.variance.squareRoot()
        return (factor.mean - half)...(factor.mean + half)
    }

    func interval(_ estimate: ShrunkEstimate) -> ClosedRange<Double> {
        let half = PredictionInterval.z * estimate.variance.squareRoot()
        return (estimate.mean - half)...(estimate.mean + half)
    }

    func testChannelAndTypeRates() throws {
        let (model, plants) = try fitted()
        XCTAssertEqual(Set(model.channels), ["direct_mail", "email", "sms", "social"])
        XCTAssertGreaterThanOrEqual(plants.count, 60)
        var misses: [String] = []
        var cells = 0
        for channel in model.channels {
            let planted = plantedRate(plants.filter { $0.channel == channel })
            let estimate = model.responseRate([channel])
            XCTAssertTrue(interval(estimate).contains(planted), "\(channel): planted \(planted), \(interval(estimate))")
            for type in model.campaignTypes(on: channel) {
                let mine = plants.filter { $0.channel == channel && $0.campaignType == type }
                guard mine.count >= 2 else { continue }
                cells += 1
                let planted = plantedRate(mine)
                let node = model.responseRate([channel, type])
                if !interval(node).contains(planted) { misses.append("\(channel) × \(type): \(planted) not in \(interval(node))") }
            }
        }
        XCTAssertGreaterThanOrEqual(cells, 10)
        XCTAssertLessThanOrEqual(misses.count, 1, misses.joined(separator: "; "))
        // Planted factors: direct mail 1.7, sms 1.35, email 1, social 0.6.
        let ranked = model.channels.sorted { model.responseRate([$0]).mean > model.responseRate([$1]).mean }
        XCTAssertEqual(ranked, ["direct_mail", "sms", "email", "social"])
        // Types: discount 1.3, seasonal 1, loyalty 0.75, on the channel's rate. The planted factor: a
        // type's expected responses against those at its channels' planted rates.
        for type in ["discount", "seasonal", "loyalty"] {
            let mine = plants.filter { $0.campaignType == type }
            let expected = Dictionary(grouping: mine, by: \.channel).reduce(0.0) { sum, group in
                sum + Double(group.value.reduce(0) { $0 + $1.treatmentCustomers })
                    * plantedRate(plants.filter { $0.channel == group.key })
            }
            let planted = mine.reduce(0) { $0 + $1.expectedResponses } / expected
            let factor = try XCTUnwrap(model.typeFactors[type], type)
            XCTAssertTrue(interval(factor).contains(planted), "\(type): planted factor \(planted), \(interval(factor))")
        }
        XCTAssertEqual(model.typeFactors.sorted { $0.value.mean > $1.value.mean }.map(\.key), ["discount", "seasonal", "loyalty"])
    }

    func testUpliftPerContactedCustomer() throws {
        let (model, plants) = try fitted()
        let controlled = plants.filter { $0.controlCustomers > 0 }
        XCTAssertGreaterThanOrEqual(controlled.count, 20)
        XCTAssertEqual(model.controlCampaigns, controlled.count)
        let contacted = Double(controlled.reduce(0) { $0 + $1.treatmentCustomers })
        // Contact's only effect is one response order per responder.
        let plantedOrders = controlled.reduce(0) { $0 + $1.expectedResponses } / contacted
        let orders = try XCTUnwrap(model.uplift(.orders, []))
        XCTAssertTrue(interval(orders).contains(plantedOrders), "orders: planted \(plantedOrders), \(interval(orders))")
        XCTAssertGreaterThan(interval(orders).lowerBound, 0, "the orders contact adds are found")
        let plantedRevenue = controlled.reduce(0) { $0 + $1.responseOrderRevenue } / contacted
        let revenue = try XCTUnwrap(model.uplift(.revenue, []))
        XCTAssertTrue(interval(revenue).contains(plantedRevenue), "revenue: planted \(plantedRevenue), \(interval(revenue))")
    }

    func testCustomersWithoutAnOrderRespondLess() throws {
        let (model, plants) = try fitted()
        var belowParents = 0.0
        var misses: [String] = []
        var cells = 0
        for channel in model.channels {
            for type in model.campaignTypes(on: channel) {
                let leaf = [channel, type, "no purchase"]
                let evidence = model.evidence(leaf)
                guard evidence.contacted > 0 else { continue }
                let estimate = model.responseRate(leaf)
                belowParents += evidence.contacted * (estimate.mean - model.responseRate([channel, type]).mean)
                let mine = plants.filter { $0.channel == channel && $0.campaignType == type }
                let planted = mine.reduce(0) { $0 + $1.noPurchaseExpectedResponses }
                    / Double(mine.reduce(0) { $0 + $1.noPurchaseTreatmentCustomers })
                cells += 1
                if !interval(estimate).contains(planted) { misses.append("\(leaf): \(planted) not in \(interval(estimate))") }
            }
        }
        XCTAssertGreaterThanOrEqual(cells, 10)
        XCTAssertLessThan(belowParents, 0, "no purchase cells are estimated below their channel × type")
        XCTAssertLessThanOrEqual(misses.count, 1, misses.joined(separator: "; "))
        // The factor: no purchase customers' expected responses against those at their channel × type's planted rate.
        var expected = 0.0
        for (key, group) in Dictionary(grouping: plants, by: { [$0.channel, $0.campaignType] }) {
            expected += Double(group.reduce(0) { $0 + $1.noPurchaseTreatmentCustomers })
                * plantedRate(plants.filter { [$0.channel, $0.campaignType] == key })
        }
        let planted = plants.reduce(0) { $0 + $1.noPurchaseExpectedResponses } / expected
        let factor = try XCTUnwrap(model.cellFactors["no purchase"])
        XCTAssertLessThan(interval(factor).upperBound, 1, "customers without an order respond less: \(interval(factor))")
        XCTAssertTrue(interval(factor).contains(planted), "no purchase: planted factor \(planted), \(interval(factor))")
    }
}
