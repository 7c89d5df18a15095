import Feeds
import Foundation
import Logging
import PostgresClient

/// Loads a list of files under one `etl.run`, holding the warehouse lock.
public struct LoadSession {
    public let connection: Connection
    public let sql: SQLDirectory
    public let settings: LoadSettings
    public let logger: Logger

    public init(connection: Connection, sql: SQLDirectory, settings: LoadSettings, logger: Logger) {
        self.connection = connection
        self.sql = sql
        self.settings = settings
        self.logger = logger
    }

    /// Refuses to work on a warehouse that has not been migrated.
    public static func requireMigrated(_ connection: Connection) throws {
        let ready = try connection.query("select to_regclass('staging.sales') is not null").bool(0, 0) ?? false
        guard ready else {
            throw WarehouseError(.configuration, "the warehouse is not migrated yet; run 'crmwh migrate' first")
        }
    }

    /// Loads each (file, feed) in order and logs a line per file; stops
    /// with ``Interrupted`` when `interrupt` is set (the file in flight was
    /// cancelled and rolled back).
    public func load(
        _ files: [(path: String, definition: FeedDefinition)], loader: FileLoader, interrupt: InterruptFlag? = nil
    ) throws -> [FileLoadResult] {
        var results: [FileLoadResult] = []
        for (path, definition) in files {
            try interrupt?.checkpoint()
            let result = try loader.load(path: path, definition: definition)
            try interrupt?.checkpoint()
            log(result)
            results.append(result)
        }
        return results
    }

    func log(_ result: FileLoadResult) {
        let metadata: Logger.Metadata = [
            "feed.name": "\(result.feed)", "file.path": "\(result.path)", "file.status": "\(result.status.rawValue)",
            "file.read": "\(result.recordsRead)", "file.loaded": "\(result.recordsLoaded)",
            "file.rejected": "\(result.recordsRejected)", "file.warnings": "\(result.warnings)",
            "file.seconds": "\(String(format: "%.2f", result.seconds))",
        ]
        switch result.status {
        case .loaded: logger.info("loaded \(result.path)", metadata: metadata)
        case .skipped: logger.info("skipped \(result.path): \(result.message ?? "")", metadata: metadata)
        case .refused: logger.error("refused \(result.path): \(result.message ?? "")", metadata: metadata)
        case .failed: logger.error("failed \(result.path): \(result.message ?? "")", metadata: metadata)
        }
    }
}
