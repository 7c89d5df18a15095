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
        let home = URL(fileURLWithPath: "/tmp/somewhere")
        func resolve(_ flag: String?, _ configured: String?, _ environment: [String: String]) -> DatabaseTarget {
            DatabaseTarget.resolve(flag: flag, configured: configured, embeddedHome: home, environment: environment)
        }
        let everything = ["CRMWH_DATABASE": "crmwh", "DATABASE_URL": "url", "PGHOST": "h"]
        XCTAssertEqual(resolve("flag", "file", everything), .explicit("flag", source: "--database"), "the flag wins")
        XCTAssertEqual(resolve(nil, "file", everything), .explicit("crmwh", source: "CRMWH_DATABASE"))
        XCTAssertEqual(
            resolve(nil, "file", ["DATABASE_URL": "url", "PGHOST": "h"]), .explicit("url", source: "DATABASE_URL"))
        XCTAssertEqual(
            resolve(nil, "file", ["PGHOST": "h"]), .explicit("file", source: "database: in the config file"),
            "then the configuration file")
        XCTAssertEqual(resolve(nil, nil, ["PGSERVICE": "wh"]), .libpqDefaults(variables: ["PGSERVICE"]))
        XCTAssertEqual(resolve(nil, "", ["CRMWH_DATABASE": ""]), .embedded(home: home), "nothing configured: the embedded cluster")
    }
}

final class EmbeddedConninfoTests: XCTestCase {
    /// A quote or backslash in CRMWH_HOME must not break (or rewrite) the conninfo.
    func testAHomeWithAQuoteStaysOneHost() throws {
        let home = URL(fileURLWithPath: "/tmp/o'brien \\ data")
        let cluster = try EmbeddedCluster(directory: home)
        let options = ConnectionString(cluster.connectionString).options()
        XCTAssertEqual(options["host"], home.path)
        XCTAssertEqual(options["dbname"], EmbeddedCluster.databaseName)
    }
}
