import Foundation
import PostgresClient
import TestSupport
@testable import Warehouse
import XCTest

/// The embedded warehouse keeps what it committed through a crash; only
/// the test profile trades that for speed.
final class EmbeddedClusterDurabilityTests: XCTestCase {
    func testTheStandardProfileIsDurable() throws {
        let cluster = try EmbeddedCluster(directory: URL(fileURLWithPath: "/tmp/crmwh-never-created"), profile: .standard)
        let settings = cluster.serverSettings
        XCTAssertEqual(settings["synchronous_commit"], "on")
        XCTAssertNil(settings["fsync"], "fsync stays at its default, on")
        XCTAssertNil(settings["full_page_writes"], "full_page_writes stays at its default, on")
    }

    func testTheTestProfileTradesDurabilityForSpeed() throws {
        let cluster = try TestCluster.shared()
        let connection = try Connection(cluster.connectionString)
        XCTAssertEqual(try connection.query("show synchronous_commit").string(0, 0), "off")
        XCTAssertEqual(try connection.query("show fsync").string(0, 0), "off")
    }
}
