import Feeds
import Foundation
import Logging
import PostgresClient
import TestSupport
import Warehouse

/// A migrated warehouse and a way to load files into it, as `crmwh load` does.
final class LoadHarness {
    let conninfo: String
    let connection: Connection
    var settings = LoadSettings()

    init(prefix: String) throws {
        conninfo = try TestCluster.makeMigratedDatabase(prefix: prefix)
        connection = try Connection(conninfo)
    }

    /// Loads `path` as `kind` (canonical columns) or `definition` under a new run.
    @discardableResult
    func load(_ path: String, _ kind: FeedKind, definition: FeedDefinition? = nil) throws -> FileLoadResult {
        let recorder = try RunRecorder(connection: connection, command: "test load", version: "test")
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let loader = FileLoader(
            connection: connection, sql: try TestCluster.repositorySQL(), settings: settings, runID: recorder.runID,
            logger: logger)
        let result = try loader.load(path: path, definition: definition ?? FeedDefinition.canonical(kind))
        try recorder.finish(status: "succeeded", summary: [:])
        return result
    }

    func count(_ sql: String, _ parameters: [(any PostgresBindable)?] = []) throws -> Int {
        try connection.query(sql, parameters).int(0, 0) ?? -1
    }

    /// Row counts of every table a load writes, to compare before and after.
    func tableCounts() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in [
            "dw.dim_customer", "dw.customer_source_key", "dw.customer_profile", "dw.dim_product", "dw.dim_channel",
            "dw.dim_campaign", "dw.fx_rate", "dw.fact_sales", "dw.fact_interaction",
        ] {
            counts[table] = try count("select count(*) from \(table)")
        }
        return counts
    }

    /// A file in a fresh temporary directory.
    static func write(_ text: String, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-load-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
