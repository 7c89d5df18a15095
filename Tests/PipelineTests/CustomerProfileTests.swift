import Pipeline
import XCTest

final class CustomerProfileTests: XCTestCase {
    func attributes(_ values: [String: String]) -> ContactAttributes { ContactAttributes(values: values) }

    func testMostRecentNonEmptyValueWinsAndEmptyNeverErases() {
        var profile = CustomerProfile(customerID: "web:1")
        XCTAssertTrue(profile.merge(attributes(["city": "Paris", "email": "a@x.io"]), at: 100))
        XCTAssertFalse(profile.merge(attributes(["city": "Lyon"]), at: 50), "an older record loses")
        XCTAssertTrue(profile.merge(attributes(["city": "Nice", "email": ""]), at: 200))
        XCTAssertEqual(profile.attributes.values, ["city": "Nice", "email": "a@x.io"])
        XCTAssertEqual(profile.attributeUpdatedAt, ["city": 200, "email": 100])
        XCTAssertEqual(profile.updatedAt, 200)
        XCTAssertFalse(profile.merge(attributes(["city": "Nice"]), at: 300), "the same value is no change")
        XCTAssertEqual(profile.attributeUpdatedAt["city"], 300)
    }

    func testEarliestSignupAndFirstChannelWin() {
        var profile = CustomerProfile(customerID: "web:1")
        profile.merge(attributes(["signup_date": "2024-03-01", "acquisition_channel": "web"]), at: 100)
        profile.merge(attributes(["signup_date": "2024-05-01", "acquisition_channel": "store"]), at: 200)
        profile.merge(attributes(["signup_date": "2024-01-15", "acquisition_channel": "phone"]), at: 50)
        XCTAssertEqual(profile.attributes["signup_date"], "2024-01-15")
        XCTAssertEqual(profile.attributes["acquisition_channel"], "phone")
    }

    func testStoredProfileRoundTripsThroughItsDictionaries() {
        let stored = CustomerProfile(
            customerID: "crm:7", attributes: attributes(["phone": "+4930123", "opt_in": "t", "unknown": "dropped"]),
            attributeUpdatedAt: ["phone": 10, "opt_in": 20], updatedAt: 20)
        XCTAssertEqual(stored.attributes.values, ["phone": "+4930123", "opt_in": "t"])
        XCTAssertEqual(stored.attributeUpdatedAt, ["phone": 10, "opt_in": 20])
        var merged = stored
        XCTAssertFalse(merged.merge(attributes(["phone": "+4930999"]), at: 5), "older than the stored phone")
        XCTAssertTrue(merged.merge(attributes(["phone": "+4930999"]), at: 15))
        XCTAssertEqual(merged.attributes["phone"], "+4930999")
    }
}
