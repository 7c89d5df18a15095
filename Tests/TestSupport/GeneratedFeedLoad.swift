import Feeds
import Foundation
import Generator
import Logging
import PostgresClient
import Warehouse

/// Generated feeds, written to a temporary directory and loaded in feed
/// order (each file its own recorded run), as `crmwh load` would. Shared
/// by the tests that measure a mart against what the generator planted.
public enum GeneratedFeedLoad {
    /// The feeds in the order their references need.
    public static let files: [(name: String, kind: FeedKind)] = [
        ("fx_rates.csv", .fxRates), ("products.csv", .products), ("campaigns.csv", .campaigns),
        ("contacts.csv", .contacts), ("transactions.csv", .transactions), ("interactions.csv", .interactions),
    ]

    /// Generates feeds with `options` (its output directory is replaced by a
    /// temporary one, removed afterwards), loads them through `connection`
    /// and returns the generator's manifest.
    @discardableResult
    public static func generateAndLoad(_ options: GeneratorOptions, into connection: Connection) throws -> Manifest {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("crmwh-generated-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = options
        options.outputDirectory = directory
        let manifest = try FeedGenerator(options: options).run()
        try load(directory: directory, into: connection)
        return manifest
    }

    /// Loads the feed files of `directory`, one run each.
    public static func load(directory: String, into connection: Connection) throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let sql = try TestCluster.repositorySQL()
        for (file, kind) in files {
            let recorder = try RunRecorder(connection: connection, command: "test load", version: "test")
            let loader = FileLoader(
                connection: connection, sql: sql, settings: LoadSettings(), runID: recorder.runID, logger: logger)
            _ = try loader.load(path: directory + "/" + file, definition: FeedDefinition.canonical(kind))
            try recorder.finish(status: "succeeded", summary: [:])
        }
    }
}
