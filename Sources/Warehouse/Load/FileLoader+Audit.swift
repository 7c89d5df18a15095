import Feeds
import Foundation
import PostgresClient

extension FileLoader {
    /// After the file's transaction rolled back: an `etl.file` row with
    /// status refused, its rejects (so the morning report can say why),
    /// and the rejects file.
    func recordRefusal(_ refusal: Refusal, path: String, definition: FeedDefinition) throws -> FileLoadResult {
        var result = FileLoadResult(path: path, feed: definition.name, status: .refused)
        result.recordsRead = refusal.read
        result.recordsRejected = refusal.log.rejectedRecords
        result.warnings = refusal.log.warnedRecords
        result.topRules = refusal.log.topRules
        result.message = refusal.message
        let fingerprint = try refusal.fingerprint.value()
        result.fileID = try recordRefusalRows(refusal, path: path, definition: definition, fingerprint: fingerprint)
        do {
            result.rejectsFile = try refusal.log.commitRejectsFile()
        } catch {
            // The refusal and its rejects are in etl.file and etl.reject; say what was not written.
            logger.error("\(path): \(error)", metadata: ["feed.name": "\(definition.name)"])
            result.message = (result.message ?? "") + "; rejects file not written: \(error)"
        }
        logger.error("refused \(path): \(refusal.message)", metadata: ["feed.name": "\(definition.name)"])
        return result
    }

    private func recordRefusalRows(
        _ refusal: Refusal, path: String, definition: FeedDefinition, fingerprint: FileFingerprint
    ) throws -> Int64 {
        try connection.transaction { () -> Int64 in
            let id = try connection.query(
                """
                insert into etl.file (run_id, feed, feed_kind, path, sha256, bytes, status, records_read,
                    records_rejected, warnings, finished_at, message)
                values ($1, $2, $3, $4, $5, $6, 'refused', $7, $8, $9, clock_timestamp(), $10) returning file_id
                """,
                [runID, definition.name, definition.kind.rawValue, path, fingerprint.sha256,
                 fingerprint.bytes, refusal.read, refusal.log.rejectedRecords, refusal.log.warnedRecords,
                 refusal.message]
            ).string(0, 0).flatMap { Int64($0) }!
            try AuditWriter(connection: connection).insertRejects(refusal.log, runID: runID, fileID: id)
            return id
        }
    }

    func recordFailure(path: String, definition: FeedDefinition, message: String) throws {
        let bytes = Self.fileSize(path, followSymlinks: settings.followSymlinks)
        try connection.query(
            """
            insert into etl.file (run_id, feed, feed_kind, path, sha256, bytes, status, finished_at, message)
            values ($1, $2, $3, $4, '', $5, 'failed', clock_timestamp(), $6)
            """, [runID, definition.name, definition.kind.rawValue, path, bytes, message])
    }
}

/// Writes audit rows in bulk.
struct AuditWriter {
    let connection: Connection

    func insertRejects(_ log: RejectLog, runID: Int64, fileID: Int64) throws {
        guard log.entryCount > 0 else { return }
        try connection.copyFrom(
            """
            copy etl.reject (run_id, file_id, record_no, line_no, severity, field, value, rule, reason, raw_record)
            from stdin with (format binary)
            """
        ) { writer in
            try writer.append { BinaryCopy.appendHeader(to: &$0) }
            try log.forEachEntry { entry in
                try writer.append { buffer in
                    BinaryCopy.beginRow(fields: 10, in: &buffer)
                    BinaryCopy.appendInt8(runID, to: &buffer)
                    BinaryCopy.appendInt8(fileID, to: &buffer)
                    BinaryCopy.appendInt8(Int64(entry.recordNumber), to: &buffer)
                    BinaryCopy.appendInt8(Int64(entry.line), to: &buffer)
                    BinaryCopy.appendText(entry.severity.rawValue, to: &buffer)
                    BinaryCopy.appendText(entry.field, to: &buffer)
                    BinaryCopy.appendText(entry.value, to: &buffer)
                    BinaryCopy.appendText(entry.rule, to: &buffer)
                    BinaryCopy.appendText(entry.reason, to: &buffer)
                    BinaryCopy.appendText(entry.raw, to: &buffer)
                }
            }
            try writer.append { BinaryCopy.appendTrailer(to: &$0) }
        }
    }
}
