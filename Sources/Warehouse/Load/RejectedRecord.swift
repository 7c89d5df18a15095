import Foundation
import Pipeline

/// One record not loaded (severity reject) or loaded without an attribute
/// (severity warning), with the record as it was read (NUL bytes shown as
/// `\0`, at most 64 KiB, see `RejectText`).
public struct RejectedRecord: Sendable {
    public var recordNumber: Int
    public var line: Int
    public var severity: IssueSeverity
    public var field: String?
    public var value: String?
    public var rule: String
    public var reason: String
    public var raw: String
}

/// Collects the rejects and warnings of one file without holding them in
/// memory: each goes to a spool (read back into `etl.reject`) and to the
/// rejects file as it happens, so a file of a million bad records costs
/// disk, not RAM. Only the counts per rule stay in memory.
public final class RejectLog {
    public private(set) var rejectedRecords = 0
    public private(set) var warnedRecords = 0
    /// Entries written (one per issue of a rejected or warned record).
    public private(set) var entryCount = 0
    private var ruleCounts: [String: Int] = [:]
    private let spool: RejectSpool
    /// Where the rejects file goes; nil keeps none (tests).
    private let rejectsTarget: URL?
    private var csv: ExclusiveFile?

    private let mode: mode_t

    init(rejectsTarget: URL?, mode: mode_t = ExclusiveFile.privateMode) throws {
        self.rejectsTarget = rejectsTarget
        self.mode = mode
        spool = try RejectSpool()
    }

    /// Records the issues of one record; returns whether it is rejected.
    @discardableResult
    func record(_ issues: [FieldIssue], recordNumber: Int, line: Int, raw: UnsafeRawBufferPointer) throws -> Bool {
        guard !issues.isEmpty else { return false }
        let rawText = RejectText.clean(raw)
        let rejected = issues.contains { $0.severity == .reject }
        // A rejected record lists only what rejected it; its warnings are moot.
        for issue in issues where !rejected || issue.severity == .reject {
            try append(RejectedRecord(
                recordNumber: recordNumber, line: line, severity: issue.severity, field: issue.field,
                value: RejectText.clean(issue.value), rule: issue.rule.rawValue, reason: RejectText.clean(issue.message),
                raw: rawText))
        }
        if rejected { rejectedRecords += 1 } else { warnedRecords += 1 }
        return rejected
    }

    /// A record the reader itself could not make sense of.
    func recordUnreadable(recordNumber: Int, line: Int, reason: String, raw: [UInt8]) throws {
        try append(RejectedRecord(
            recordNumber: recordNumber, line: line, severity: .reject, field: nil, value: nil,
            rule: "record.unreadable", reason: RejectText.clean(reason),
            raw: raw.withUnsafeBytes { RejectText.clean($0) }))
        rejectedRecords += 1
    }

    private func append(_ entry: RejectedRecord) throws {
        try spool.append(entry)
        if let rejectsTarget {
            if csv == nil {
                try FileManager.default.createDirectory(
                    at: rejectsTarget.deletingLastPathComponent(), withIntermediateDirectories: true)
                let file = try ExclusiveFile(target: rejectsTarget, mode: mode)
                try file.write(RejectFileWriter.header.joined(separator: ",") + "\r\n")
                csv = file
            }
            try csv?.write(RejectFileWriter.line(entry))
        }
        ruleCounts[entry.rule, default: 0] += 1
        entryCount += 1
    }

    /// Every entry, in the order recorded, read back from the spool.
    func forEachEntry(_ body: (RejectedRecord) throws -> Void) throws {
        try spool.forEach(body)
    }

    /// Writes out and syncs the rejects file so far (a full disk shows here).
    func syncRejectsFile() throws {
        try csv?.sync()
    }

    /// Puts the rejects file in place (nil when there were no entries).
    func commitRejectsFile() throws -> String? {
        guard let csv else { return nil }
        self.csv = nil
        return try csv.commit()
    }

    /// Drops the rejects file being written (the file's load did not happen).
    func discardRejectsFile() {
        csv?.discard()
        csv = nil
    }

    /// Counts per rule, most frequent first, for summaries.
    public var topRules: [(rule: String, count: Int)] {
        ruleCounts.map { ($0.key, $0.value) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }
}
