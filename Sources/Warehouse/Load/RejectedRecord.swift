import Foundation
import Pipeline

/// One record not loaded (severity reject) or loaded without an attribute
/// (severity warning), with the record as it was read.
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

/// Collects the rejects and warnings of one file.
public struct RejectLog: Sendable {
    public private(set) var entries: [RejectedRecord] = []
    public private(set) var rejectedRecords = 0
    public private(set) var warnedRecords = 0

    /// Records the issues of one record; returns whether it is rejected.
    @discardableResult
    mutating func record(_ issues: [FieldIssue], recordNumber: Int, line: Int, raw: UnsafeRawBufferPointer) -> Bool {
        guard !issues.isEmpty else { return false }
        let rawText = String(decoding: raw, as: UTF8.self)
        let rejected = issues.contains { $0.severity == .reject }
        // A rejected record lists only what rejected it; its warnings are moot.
        for issue in issues where !rejected || issue.severity == .reject {
            entries.append(RejectedRecord(
                recordNumber: recordNumber, line: line, severity: issue.severity, field: issue.field,
                value: issue.value, rule: issue.rule.rawValue, reason: issue.message, raw: rawText))
        }
        if rejected { rejectedRecords += 1 } else { warnedRecords += 1 }
        return rejected
    }

    /// A record the reader itself could not make sense of.
    mutating func recordUnreadable(recordNumber: Int, line: Int, reason: String, raw: [UInt8]) {
        entries.append(RejectedRecord(
            recordNumber: recordNumber, line: line, severity: .reject, field: nil, value: nil,
            rule: "record.unreadable", reason: reason, raw: String(decoding: raw, as: UTF8.self)))
        rejectedRecords += 1
    }

    /// Counts per rule, most frequent first, for summaries.
    public var topRules: [(rule: String, count: Int)] {
        Dictionary(grouping: entries, by: \.rule).map { ($0.key, $0.value.count) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
    }
}
