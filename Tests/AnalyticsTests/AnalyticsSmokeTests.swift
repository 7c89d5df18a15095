import XCTest
@testable import Analytics

final class AnalyticsSmokeTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertTrue(true)
    }
}
