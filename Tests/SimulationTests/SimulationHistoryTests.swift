import Analytics
import XCTest

@testable import Simulation

/// The history the simulation learns from is the campaign response mart's:
/// per campaign, its cells add up to mart.campaign_response's figures.
final class SimulationHistoryTests: XCTestCase {
    func testCellsAddUpToTheCampaignResponse() throws {
        let warehouse = try GeneratedCampaigns.shared()
        for profile in ["segment", "value_tier"] {
            let history = try CampaignHistoryReader(connection: warehouse.connection).read(profile: profile, windowDays: nil)
            var campaigns: [String: (t: GroupSums, c: GroupSums)] = [:]
            for row in history {
                let sums = campaigns[row.campaignCode] ?? (.zero, .zero)
                campaigns[row.campaignCode] = (sums.t + row.treatment, sums.c + row.control)
            }
            let response = try warehouse.connection.query(
                """
                select campaign_code, treatment_customers, control_customers, responded,
                    treatment_revenue_per_customer * treatment_customers
                from mart.campaign_response where breakdown = 'campaign'
                """)
            XCTAssertEqual(response.rowCount, campaigns.count, profile)
            for row in 0..<response.rowCount {
                let code = response.string(row, 0)!
                let sums = try XCTUnwrap(campaigns[code], code)
                XCTAssertEqual(sums.t.customers, response.double(row, 1)!, code)
                XCTAssertEqual(sums.c.customers, response.double(row, 2)!, code)
                XCTAssertEqual(sums.t.responders, response.double(row, 3)!, code)
                XCTAssertEqual(sums.t.revenue.sum, response.double(row, 4)!, accuracy: 0.0001 * max(1, sums.t.customers), code)
            }
            // Cells are the segments or tiers the day before the start.
            let names = profile == "segment" ? CampaignPlan.segmentNames : CampaignPlan.tierNames
            XCTAssertTrue(Set(history.map(\.cell)).isSubset(of: names), "\(Set(history.map(\.cell)))")
            XCTAssertEqual(Set(history.map(\.campaignType)), ["discount", "seasonal", "loyalty"])
        }
    }

    /// Another window is computed from scratch: wider windows hold at least as many orders.
    func testAnotherResponseWindow() throws {
        let warehouse = try GeneratedCampaigns.shared()
        let reader = CampaignHistoryReader(connection: warehouse.connection)
        let configured = try reader.read(profile: "segment", windowDays: nil)
        let week = try reader.read(profile: "segment", windowDays: 7)
        XCTAssertEqual(configured.count, week.count)
        let ordersMonth = configured.reduce(0) { $0 + $1.treatment.orders.sum }
        let ordersWeek = week.reduce(0) { $0 + $1.treatment.orders.sum }
        XCTAssertLessThan(ordersWeek, ordersMonth)
        XCTAssertEqual(configured.reduce(0) { $0 + $1.treatment.responders }, week.reduce(0) { $0 + $1.treatment.responders })
        XCTAssertEqual(week.first.map { $0.windowEndDate > $0.startDate }, true)
    }
}
