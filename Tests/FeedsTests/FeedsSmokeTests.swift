import XCTest
@testable import Feeds

final class FeedsSmokeTests: XCTestCase {
    func testModuleLinks() {
        XCTAssertTrue(true)
    }
}
