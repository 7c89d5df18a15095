import Feeds
import Foundation
import Generator
import Logging
import PostgresClient
import TestSupport
import Warehouse

/// A migrated warehouse in the test cluster loaded with generated feeds
/// (customers with orders, returns, campaign contacts and responses over
/// three years to the generator's end day), with the propensity history
/// functions installed.
struct GeneratedPropensityWarehouse {
    static let customers = 6_000
    static let orderLines = 90_000
    /// The generator's last day of history.
    static let endDay = GeneratorOptions.defaultEndDay

    let conninfo: String
    let connection: Connection

    init(prefix: String) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("crmwh-propensity-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try FeedGenerator(options: GeneratorOptions(
            customers: Self.customers, transactions: Self.orderLines, outputDirectory: directory, seed: 16)).run()
        conninfo = try TestCluster.makeMigratedDatabase(prefix: prefix)
        connection = try Connection(conninfo)
        try GeneratedFeedLoad.load(directory: directory, into: connection)
        // Only the propensity functions: the other marts are not needed here.
        let file = TestCluster.repositoryRoot.appendingPathComponent("sql/marts/27_propensity_history.sql")
        try connection.execute(try String(contentsOf: file, encoding: .utf8))
        try connection.execute("analyze")
    }
}
