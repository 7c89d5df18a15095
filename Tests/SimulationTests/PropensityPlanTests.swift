import Analytics
import PostgresClient
import XCTest

@testable import Simulation

/// A propensity plan: the customers whose response propensity on the
/// channel (dw.customer_propensity) is at least the threshold, the most
/// likely first; customers tied at the boundary share the places left.
final class PropensityPlanTests: XCTestCase {
    func testTheMostLikelyCustomersAndTheirSegments() throws {
        let warehouse = try GeneratedCampaigns.shared()
        let connection = warehouse.connection
        // Scores for known customers: 10 at 0.30, 5 at 0.20 (tied), 20 at 0.05, and older scores that do not count.
        let customers = try connection.query(
            "select customer_id, segment from mart.customer_summary where orders > 0 order by customer_id limit 35"
        ).rows.map { ($0[0]!, $0[1]!) }
        XCTAssertEqual(customers.count, 35)
        try connection.execute("delete from dw.customer_propensity")
        defer { _ = try? connection.execute("delete from dw.customer_propensity") }
        for (index, customer) in customers.enumerated() {
            let p = index < 10 ? 0.30 : (index < 15 ? 0.20 : 0.05)
            try connection.query(
                """
                insert into dw.customer_propensity (customer_id, as_of, model_version, p_respond)
                values ($1, mart.default_as_of(), 'test-now', jsonb_build_object('email', $2::float8, 'sms', 0.9)),
                    ($1, mart.default_as_of() - 40, 'test-old', jsonb_build_object('email', 0.99))
                """, [customer.0, p])
        }
        let plan = try CampaignPlanDraft(
            propensityThreshold: "0.1", channel: "email", campaignType: "discount", customers: "12", costPerContact: "1"
        ).validated()
        let simulation = try CampaignSimulator(connection: connection).simulate(plan)
        XCTAssertEqual(simulation.customers, 12)
        XCTAssertEqual(simulation.forecast.customers, 12, accuracy: 1e-9)
        // 10 × 0.30 + 2 of the 5 tied at 0.20 (each 0.4 of a place).
        XCTAssertEqual(simulation.forecast.responders.estimate, 10 * 0.30 + 2 * 0.20, accuracy: 1e-9)
        XCTAssertEqual(simulation.propensityAsOf, "2026-10-31")
        var expected: [String: Double] = [:]
        for (index, customer) in customers.prefix(15).enumerated() { expected[customer.1, default: 0] += index < 10 ? 1 : 0.4 }
        let cells = Dictionary(uniqueKeysWithValues: simulation.forecast.cells.map { ($0.cell, $0.customers) })
        XCTAssertEqual(Set(cells.keys), Set(expected.keys))
        for (segment, count) in expected { XCTAssertEqual(cells[segment]!, count, accuracy: 1e-9, segment) }
        // The responders' interval holds the binomial spread of the chosen: Σ p(1 − p) at least.
        XCTAssertGreaterThanOrEqual(
            simulation.forecast.responders.standardError, (10 * 0.3 * 0.7 + 2 * 0.2 * 0.8).squareRoot() - 1e-9)
        // Everyone at or above the threshold when no number is given.
        var all = plan
        all.customers = nil
        XCTAssertEqual(try CampaignSimulator(connection: connection).simulate(all).customers, 15)
        // A threshold nobody reaches.
        all.targeting = .propensity(threshold: 0.5)
        XCTAssertThrowsError(try CampaignSimulator(connection: connection).simulate(all)) { error in
            XCTAssertTrue("\(error)".contains("no customer has a response propensity on email of 0.5 or more"), "\(error)")
        }
    }

    func testTiesShareThePlacesLeft() {
        let groups: [(cell: String, p: Double, n: Double)] = [("a", 0.5, 3), ("b", 0.2, 4), ("c", 0.2, 6), ("a", 0.1, 10)]
        XCTAssertEqual(PropensityTargetReader.take(groups, count: 8), [3, 2, 3, 0])
        XCTAssertEqual(PropensityTargetReader.take(groups, count: 2), [2, 0, 0, 0])
        XCTAssertEqual(PropensityTargetReader.take(groups, count: 23), [3, 4, 6, 10])
    }
}
