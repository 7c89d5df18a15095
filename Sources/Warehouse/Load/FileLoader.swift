import Feeds
import Foundation
import Logging
import Pipeline
import PostgresClient

/// Loads one feed file into the warehouse in one database transaction:
/// COPY into staging, set-based merge into dw, audit rows. A file is loaded
/// whole or not at all; the same content is loaded once.
public final class FileLoader {
    let connection: Connection
    let sql: SQLDirectory
    private(set) var settings: LoadSettings
    let runID: Int64
    let logger: Logger
    /// Told how far each file got; nil draws nothing.
    public var progress: LoadProgress?

    public init(connection: Connection, sql: SQLDirectory, settings: LoadSettings, runID: Int64, logger: Logger) {
        self.connection = connection
        self.sql = sql
        self.settings = settings
        self.runID = runID
        self.logger = logger
    }

    /// Loads `path` as `definition` says. Throws only when the connection
    /// is lost (the caller may retry); every other failure is a result.
    public func load(path: String, definition: FeedDefinition) throws -> FileLoadResult {
        let started = Date()
        progress?.started(file: path, totalBytes: Self.fileSize(path, followSymlinks: settings.followSymlinks))
        defer { progress?.finished() }
        var result = try loadTimed(path: path, definition: definition)
        result.seconds = Date().timeIntervalSince(started)
        return result
    }

    private func loadTimed(path: String, definition: FeedDefinition) throws -> FileLoadResult {
        var result = FileLoadResult(path: path, feed: definition.name, status: .failed)
        do {
            // Opened once: checksum and records come from this descriptor.
            let file = try FeedFile(path: path, followSymlinks: settings.followSymlinks)
            let fingerprint: PendingFingerprint
            if try settings.force || loadedBefore(kind: definition.kind, bytes: file.size) {
                let known = try FileFingerprint(file: file)
                if !settings.force, let earlier = try loadedBefore(kind: definition.kind, sha256: known.sha256) {
                    result.status = .skipped
                    result.message = "already loaded as file \(earlier); use --force to load it again"
                    return result
                }
                fingerprint = PendingFingerprint(known)
            } else {
                fingerprint = PendingFingerprint(computing: file)
            }
            var log = try newRejectLog(for: path)
            let outcome = try connection.transaction { () -> FileLoadResult in
                try loadInTransaction(file: file, definition: definition, fingerprint: fingerprint, log: &log)
            }
            result = outcome
            // In place only once the data is committed; written and synced before that, so a
            // full disk fails the file (rolled back) instead of losing its rejects.
            result.rejectsFile = try log.commitRejectsFile()
        } catch let refusal as Refusal {
            result = try recordRefusal(refusal, path: path, definition: definition)
        } catch let error as PostgresError where error.kind == .connection {
            throw error
        } catch {
            result.message = RejectText.clean("\(error)")
            logger.error("\(path) failed: \(result.message ?? "")", metadata: ["feed.name": "\(definition.name)"])
            try recordFailure(path: path, definition: definition, message: result.message ?? "")
        }
        return result
    }

    /// A reject log whose rejects file goes where the settings say.
    func newRejectLog(for path: String) throws -> RejectLog {
        try RejectLog(
            rejectsTarget: RejectFileWriter.target(for: path, directory: settings.rejectDirectory), mode: settings.fileMode)
    }

    /// The file's size in bytes, for the progress bar; 0 when it cannot be
    /// read (opening it then reports why).
    static func fileSize(_ path: String, followSymlinks: Bool = true) -> Int64 {
        var info = stat()
        let status = followSymlinks ? stat(path, &info) : lstat(path, &info)
        return status == 0 ? Int64(info.st_size) : 0
    }

    /// A file over its reject budget; carries what is needed to audit it.
    struct Refusal: Error {
        var fingerprint: PendingFingerprint
        var log: RejectLog
        var read: Int
        var message: String
    }

    /// Whether a loaded file of this feed kind has exactly this size.
    private func loadedBefore(kind: FeedKind, bytes: Int64) throws -> Bool {
        try connection.query(
            "select exists (select 1 from etl.file where feed_kind = $1 and bytes = $2 and status = 'loaded')",
            [kind.rawValue, bytes]
        ).bool(0, 0) ?? true
    }

    private func loadedBefore(kind: FeedKind, sha256: String) throws -> Int64? {
        try connection.query(
            "select file_id from etl.file where feed_kind = $1 and sha256 = $2 and status = 'loaded'",
            [kind.rawValue, sha256]
        ).string(0, 0).flatMap { Int64($0) }
    }

    private func loadInTransaction(
        file: FeedFile, definition: FeedDefinition, fingerprint: PendingFingerprint, log: inout RejectLog
    ) throws -> FileLoadResult {
        let path = file.path
        if settings.force {
            try connection.query(
                "update etl.file set status = 'superseded' where feed_kind = $1 and sha256 = $2 and status = 'loaded'",
                [definition.kind.rawValue, try fingerprint.value().sha256])
        }
        let fileID = try openFile(path: path, definition: definition)
        // `set local`, not set_config(): Citus passes set commands (with
        // citus.propagate_set_commands = local) to the workers that run the
        // file's statements. The server quotes the values (format's %L).
        let settingsCommand = try connection.query(
            "select format('set local crmwh.run_id = %L; set local crmwh.file_id = %L; set local crmwh.time_zone = %L', $1::text, $2::text, $3::text)",
            [String(runID), String(fileID), settings.reportingTimeZone]
        ).string(0, 0) ?? ""
        try connection.execute(settingsCommand)
        // On Citus a file's merge writes reference tables (staging, keys) and
        // then the shards that read them: one connection per node for all of
        // it, the coordinator's copy included, or Citus refuses to read
        // placements written over several.
        // A distributed warehouse also takes no direct COPY (its savepoint
        // fallback cannot undo writes made over several connections),
        // whatever the configuration says.
        if try WarehouseEngine.isDistributed(connection, table: "dw.fact_sales") {
            try connection.execute(
                "set local citus.multi_shard_modify_mode = 'sequential'; set local citus.enable_local_execution = off")
            settings.directCopy = false
        }

        let read = try stageAndMerge(file: file, definition: definition, fileID: fileID, log: &log)
        if file.hasChanged() {
            throw WarehouseError(
                .load, "\(path) changed while it was being loaded (still being written?); nothing of it was loaded")
        }
        if let ratio = definition.maxRejectRatio, read > 0, Double(log.rejectedRecords) / Double(read) > ratio {
            throw Refusal(
                fingerprint: fingerprint, log: log, read: read,
                message: "\(log.rejectedRecords) of \(read) records rejected, above the feed's max_reject_ratio \(ratio)")
        }
        try AuditWriter(connection: connection).insertRejects(log, runID: runID, fileID: fileID)
        try log.syncRejectsFile()
        let loaded = read - log.rejectedRecords
        let finalPrint = try fingerprint.value()
        try connection.query(
            """
            update etl.file set status = 'loaded', records_read = $2, records_loaded = $3, records_rejected = $4,
                warnings = $5, finished_at = clock_timestamp(), sha256 = $6, bytes = $7
            where file_id = $1
            """, [fileID, read, loaded, log.rejectedRecords, log.warnedRecords, finalPrint.sha256, finalPrint.bytes])

        var result = FileLoadResult(path: path, feed: definition.name, status: .loaded, fileID: fileID)
        result.recordsRead = read
        result.recordsLoaded = loaded
        result.recordsRejected = log.rejectedRecords
        result.warnings = log.warnedRecords
        result.topRules = log.topRules
        if settings.dryRun { result.dryRunChanges = try DryRunChanges.written(byFile: fileID, connection) }
        return result
    }

    /// The file's audit row; its SHA-256 is filled in when the load ends.
    private func openFile(path: String, definition: FeedDefinition) throws -> Int64 {
        let result = try connection.query(
            """
            insert into etl.file (run_id, feed, feed_kind, path, sha256, bytes, status)
            values ($1, $2, $3, $4, '', 0, 'loading') returning file_id
            """, [runID, definition.name, definition.kind.rawValue, path])
        return Int64(result.string(0, 0)!)!
    }
}
