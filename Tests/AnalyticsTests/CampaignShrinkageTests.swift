import XCTest

@testable import Analytics

/// Shrinkage on hand-made cells: thick cells keep their own rate, thin ones
/// lean on their parent, empty ones take it, and cells that do not differ
/// beyond chance are pooled.
final class CampaignShrinkageTests: XCTestCase {
    let exactParent = ShrunkEstimate(mean: 0.2, ownVariance: 0, parentWeight: 0, variance: 0)

    func testMomentsByHand() throws {
        // p̄ = 40/200 = 0.2, S = 100·0.1² + 100·0.1² = 2, numerator 2/0.16 − 1 = 11.5,
        // denominator 200 − 20000/200 − 1 = 99: ρ = 11.5/99, κ = (1 − ρ)/ρ = 87.5/11.5.
        let terms = try XCTUnwrap(BetaBinomialMoments.terms([(100, 10), (100, 30)]))
        XCTAssertEqual(terms.numerator, 11.5, accuracy: 1e-12)
        XCTAssertEqual(terms.denominator, 99, accuracy: 1e-12)
        let rho = BetaBinomialMoments.correlation(terms)
        XCTAssertEqual(rho, 11.5 / 99, accuracy: 1e-12)
        XCTAssertEqual(BetaBinomialMoments.strength(correlation: rho), 87.5 / 11.5, accuracy: 1e-9)
        // Equal rates: no spread beyond chance, children pooled into the parent.
        let equal = try XCTUnwrap(BetaBinomialMoments.terms([(100, 20), (50, 10), (200, 40)]))
        XCTAssertEqual(BetaBinomialMoments.correlation(equal), 0)
        XCTAssertTrue(BetaBinomialMoments.strength(correlation: 0).isInfinite)
        // Too few groups, or nobody responded: nothing to measure.
        XCTAssertNil(BetaBinomialMoments.terms([(100, 10)]))
        XCTAssertNil(BetaBinomialMoments.terms([(100, 0), (80, 0)]))
    }

    func testThinCellsLeanOnTheParentAndThickOnesKeepTheirRate() {
        let kappa = 87.5 / 11.5
        // Thin: 5 of 10 responded. α = 5 + 0.2κ, β = 5 + 0.8κ.
        let thin = ShrunkEstimate.rate(n: 10, r: 5, parent: exactParent, strength: kappa)
        XCTAssertEqual(thin.mean, (5 + 0.2 * kappa) / (10 + kappa), accuracy: 1e-12)
        XCTAssertEqual(thin.parentWeight, kappa / (10 + kappa), accuracy: 1e-12)
        XCTAssertGreaterThan(thin.mean, 0.2)
        XCTAssertLessThan(thin.mean, 0.5)
        // Thick: 5,000 of 10,000: the parent hardly matters.
        let thick = ShrunkEstimate.rate(n: 10_000, r: 5_000, parent: exactParent, strength: kappa)
        XCTAssertEqual(thick.mean, 0.5, accuracy: 0.001)
        XCTAssertLessThan(thick.parentWeight, 0.001)
        XCTAssertLessThan(thick.variance, thin.variance)
        // No data: the parent's mean with the children's spread μ(1 − μ)/(κ + 1) and the parent's own variance.
        let parent = ShrunkEstimate(mean: 0.2, ownVariance: 0.0001, parentWeight: 0, variance: 0.0001)
        let empty = ShrunkEstimate.rate(n: 0, r: 0, parent: parent, strength: kappa)
        XCTAssertEqual(empty.mean, 0.2, accuracy: 1e-12)
        XCTAssertEqual(empty.parentWeight, 1)
        XCTAssertEqual(empty.variance, 0.16 / (kappa + 1) + 0.0001, accuracy: 1e-12)
        // Children that do not differ: the parent, whatever the cell's data.
        let pooled = ShrunkEstimate.rate(n: 10, r: 5, parent: parent, strength: .infinity)
        XCTAssertEqual(pooled, ShrunkEstimate(mean: 0.2, ownVariance: 0, parentWeight: 1, variance: 0.0001))
    }

    func testNormalShrinkage() {
        let parent = ShrunkEstimate(mean: 2, ownVariance: 0.5, parentWeight: 0, variance: 0.5)
        // v = τ²: halfway, own variance v/2.
        let half = ShrunkEstimate.normal(estimate: 10, variance: 4, parent: parent, betweenVariance: 4)
        XCTAssertEqual(half.mean, 6, accuracy: 1e-12)
        XCTAssertEqual(half.parentWeight, 0.5, accuracy: 1e-12)
        XCTAssertEqual(half.variance, 2 + 0.25 * 0.5, accuracy: 1e-12)
        // Noisy cell: mostly the parent; precise cell: mostly its own.
        XCTAssertGreaterThan(ShrunkEstimate.normal(estimate: 10, variance: 400, parent: parent, betweenVariance: 4).parentWeight, 0.99)
        XCTAssertLessThan(ShrunkEstimate.normal(estimate: 10, variance: 0.04, parent: parent, betweenVariance: 4).parentWeight, 0.01)
        // No data, or no spread between children: the parent.
        let none = ShrunkEstimate.normal(estimate: 0, variance: .infinity, parent: parent, betweenVariance: 4)
        XCTAssertEqual(none.mean, 2)
        XCTAssertEqual(none.variance, 4.5, accuracy: 1e-12)
        XCTAssertEqual(ShrunkEstimate.normal(estimate: 10, variance: 4, parent: parent, betweenVariance: 0).mean, 2)
        // DerSimonian–Laird by hand: d = 0, 4 with v = 1, 1: Q = 8, Σω = 2, Σω² = 2: τ² = (8 − 1)/(2 − 1) = 7.
        XCTAssertEqual(NormalMoments.betweenVariance(NormalMoments.terms([(0, 1), (4, 1)])), 7, accuracy: 1e-12)
        XCTAssertEqual(NormalMoments.betweenVariance(NormalMoments.terms([(1, 1), (1.5, 1)])), 0)
    }

    /// A model over hand-made cells of one channel × type: a thick cell, a
    /// thin cell with an extreme rate, and cells near the average.
    func testTheModelShrinksAThinCellMoreThanAThickOne() throws {
        func row(_ campaign: String, _ cell: String, _ n: Double, _ r: Double) -> CampaignCellHistory {
            CampaignCellHistory(
                campaignCode: campaign, startDate: "2025-0\(campaign.last!)-01", windowEndDate: "2025-0\(campaign.last!)-28",
                channel: "email", campaignType: "discount", cell: cell,
                treatment: GroupSums(customers: n, responders: r), control: .zero)
        }
        var history: [CampaignCellHistory] = []
        for campaign in ["C1", "C2", "C3", "C4"] {
            history += [
                row(campaign, "champions", 5_000, 400),  // 8 %, thick
                row(campaign, "new", 1_000, 30),  // 3 %
                row(campaign, "at risk", 1_000, 20),  // 2 %
                row(campaign, "lost", 1_000, 25),  // 2.5 %
            ]
        }
        history.append(row("C4", "can't lose", 8, 4))  // 50 % of 8: thin
        let model = try CampaignResponseModel(history: history)
        XCTAssertEqual(model.campaignCorrelation, 0, "the campaigns do not differ within a cell")
        let parent = model.responseRate(["email", "discount"])
        let thick = model.responseRate(["email", "discount", "champions"])
        let thin = model.responseRate(["email", "discount", "can't lose"])
        XCTAssertEqual(thick.mean, 0.08, accuracy: 0.002)
        // Its segment responds well above the channel × type: a factor near 0.08 / 0.0545.
        XCTAssertEqual(thick.priorFactor, 0.08 / parent.mean, accuracy: 0.05)
        XCTAssertGreaterThan(thin.parentWeight, 0.5)
        XCTAssertGreaterThan(thin.mean, parent.mean)
        XCTAssertLessThan(thin.mean, 0.25, "8 customers do not make a 50 % rate")
        XCTAssertGreaterThan(thin.variance, thick.variance)
        // A cell never contacted takes the channel × type's rate, with more doubt.
        let unseen = model.responseRate(["email", "discount", "hibernating"])
        XCTAssertEqual(unseen.mean, parent.mean, accuracy: 1e-12)
        XCTAssertGreaterThan(unseen.variance, parent.variance)
        // No campaign had a control group: no uplift.
        XCTAssertNil(model.uplift(.revenue, ["email", "discount", "champions"]))
        let forecast = model.forecast(channel: "email", campaignType: "discount", cells: [PlanCell(cell: "champions", customers: 1_000)])
        XCTAssertEqual(forecast.responders.estimate, 1_000 * thick.mean, accuracy: 1e-9)
        XCTAssertNil(forecast.incrementalRevenue)
    }
}
