import XCTest

@testable import Simulation

/// A plan's fields are checked once, and a mistake names its field.
final class CampaignPlanDraftTests: XCTestCase {
    let valid = CampaignPlanDraft(
        segments: ["At Risk", " can't lose"], channel: "Email", campaignType: "Discount", customers: "5000",
        costPerContact: "0.35", windowDays: "21")

    func testAValidPlan() throws {
        let plan = try valid.validated()
        XCTAssertEqual(plan.targeting, .segments(["at risk", "can't lose"]))
        XCTAssertEqual(plan.channel, "email")
        XCTAssertEqual(plan.campaignType, "discount")
        XCTAssertEqual(plan.customers, 5000)
        XCTAssertEqual(plan.costPerContact.description, "0.35")
        XCTAssertEqual(plan.windowDays, 21)
        XCTAssertEqual(plan.targeting.profile, "segment")

        var tiers = valid
        tiers.segments = nil
        tiers.tiers = ["top", "no purchase"]
        tiers.customers = nil
        tiers.windowDays = nil
        let byTier = try tiers.validated()
        XCTAssertEqual(byTier.targeting, .valueTiers(["top", "no purchase"]))
        XCTAssertEqual(byTier.targeting.profile, "value_tier")
        XCTAssertNil(byTier.customers)
        XCTAssertNil(byTier.windowDays)

        var propensity = valid
        propensity.segments = nil
        propensity.propensityThreshold = "0.08"
        XCTAssertEqual(try propensity.validated().targeting, .propensity(threshold: 0.08))
    }

    func expectError(_ field: CampaignPlanField, _ fragment: String, _ change: (inout CampaignPlanDraft) -> Void,
                     file: StaticString = #filePath, line: UInt = #line) {
        var draft = valid
        change(&draft)
        XCTAssertThrowsError(try draft.validated(), file: file, line: line) { error in
            guard let error = error as? CampaignPlanError else { return XCTFail("\(error)", file: file, line: line) }
            XCTAssertEqual(error.field, field, error.description, file: file, line: line)
            XCTAssertTrue(error.message.contains(fragment), error.message, file: file, line: line)
        }
    }

    func testEachMistakeNamesItsField() {
        expectError(.segments, "missing; a plan targets segments, tiers or a propensity threshold") { $0.segments = nil }
        expectError(.tiers, "give only one of segments, tiers and propensity threshold") { $0.tiers = ["top"] }
        expectError(.segments, "'loyalists' is not one of champions, loyal") { $0.segments = ["loyalists"] }
        expectError(.segments, "'At risk' is named twice") { $0.segments = ["at risk", "At risk"] }
        expectError(.segments, "empty") { $0.segments = [] }
        expectError(.tiers, "'gold' is not one of top, high, medium, low, lapsed, no purchase") {
            $0.segments = nil
            $0.tiers = ["gold"]
        }
        expectError(.propensityThreshold, "'1.5' is not a probability strictly between 0 and 1") {
            $0.segments = nil
            $0.propensityThreshold = "1.5"
        }
        expectError(.channel, "missing; the channel") { $0.channel = " " }
        expectError(.campaignType, "missing; the campaign type") { $0.campaignType = nil }
        expectError(.customers, "'-3' is not a whole number of customers above 0") { $0.customers = "-3" }
        expectError(.customers, "'lots'") { $0.customers = "lots" }
        expectError(.costPerContact, "missing; the cost of one contact") { $0.costPerContact = nil }
        expectError(.costPerContact, "'1e-2' is not an amount of 0 or more") { $0.costPerContact = "1e-2" }
        expectError(.costPerContact, "'-0.10'") { $0.costPerContact = "-0.10" }
        expectError(.windowDays, "'0' is not a whole number of days from 1 to 365") { $0.windowDays = "0" }
    }

    func testFieldsAreNamedAsFlagsAndKeys() {
        XCTAssertEqual(CampaignPlanField.costPerContact.flag, "--cost-per-contact")
        XCTAssertEqual(CampaignPlanField.costPerContact.key, "cost_per_contact")
        XCTAssertEqual(CampaignPlanField.campaignType.flag, "--type")
        XCTAssertEqual(CampaignPlanField.propensityThreshold.flag, "--propensity-threshold")
        XCTAssertEqual(CampaignPlanError(.windowDays, "bad").description, "--window-days: bad")
    }
}
