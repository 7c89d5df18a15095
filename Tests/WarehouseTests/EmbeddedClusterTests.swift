import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

final class EmbeddedClusterTests: XCTestCase {
    func testClusterListensOnlyOnItsSocket() throws {
        let cluster = try TestCluster.shared()
        XCTAssertTrue(cluster.isRunning)
        let connection = try Connection(cluster.connectionString)
        XCTAssertEqual(try connection.query("show listen_addresses").scalar, "")
        XCTAssertEqual(try connection.query("show unix_socket_directories").scalar, cluster.directory.path)
        XCTAssertEqual(try connection.query("select current_database()").scalar, EmbeddedCluster.databaseName)
    }

    func testTargetResolutionOrder() throws {
        let home = ["CRMWH_HOME": "/tmp/somewhere"]
        guard case .explicit("flag") = try DatabaseTarget.resolve(flag: "flag", environment: ["DATABASE_URL": "env"]) else {
            return XCTFail("the flag wins")
        }
        guard case .explicit("env") = try DatabaseTarget.resolve(flag: nil, configured: "file", environment: ["DATABASE_URL": "env"]) else {
            return XCTFail("DATABASE_URL comes next")
        }
        guard case .explicit("file") = try DatabaseTarget.resolve(flag: nil, configured: "file", environment: ["PGHOST": "h"]) else {
            return XCTFail("then the configuration file")
        }
        guard case .libpqDefaults = try DatabaseTarget.resolve(flag: nil, environment: ["PGSERVICE": "wh"]) else {
            return XCTFail("PG* variables leave it to libpq")
        }
        guard case .embedded(let cluster) = try DatabaseTarget.resolve(flag: nil, environment: home) else {
            return XCTFail("nothing configured: the embedded cluster")
        }
        XCTAssertEqual(cluster.directory.path, "/tmp/somewhere")
    }
}
