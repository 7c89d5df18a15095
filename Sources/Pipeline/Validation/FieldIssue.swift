/// What happens to a record that has an issue.
public enum IssueSeverity: String, Sendable, Hashable, Comparable {
    /// The attribute is loaded empty and the record is kept.
    case warning
    /// The record is not loaded; it goes to the rejects.
    case reject

    public static func < (lhs: IssueSeverity, rhs: IssueSeverity) -> Bool {
        lhs == .warning && rhs == .reject
    }
}

/// One problem found in one field of one record.
public struct FieldIssue: Hashable, Sendable, CustomStringConvertible {
    /// Canonical field name, e.g. `unit_price`.
    public var field: String
    /// The value exactly as read from the file (before trimming).
    public var value: String
    public var rule: RuleCode
    /// What was wrong, for people; never includes other fields' values.
    public var message: String
    public var severity: IssueSeverity

    public init(field: String, value: String, rule: RuleCode, message: String, severity: IssueSeverity) {
        self.field = field
        self.value = value
        self.rule = rule
        self.message = message
        self.severity = severity
    }

    /// Builds an issue from a parser failure, copying the raw bytes as text
    /// (invalid UTF-8 is repaired so the issue can always be printed).
    public init(field: String, bytes: UnsafeRawBufferPointer, failure: ParseFailure, severity: IssueSeverity) {
        self.init(
            field: field, value: String(decoding: bytes, as: UTF8.self),
            rule: failure.rule, message: failure.message, severity: severity)
    }

    public var description: String {
        "\(severity) \(rule) field=\(field) value=\"\(value)\": \(message)"
    }
}

/// Where a record came from, so a reject can name feed, file and line.
public struct RecordLocation: Hashable, Sendable, CustomStringConvertible {
    public var feed: String
    public var file: String
    /// 1-based physical line of the record's start (the header is line 1).
    public var line: Int

    public init(feed: String, file: String, line: Int) {
        self.feed = feed
        self.file = file
        self.line = line
    }

    public var description: String { "\(feed) \(file):\(line)" }
}

/// A record's issues with its location: a reject when any issue is one.
public struct RecordIssues: Sendable, Hashable {
    public var location: RecordLocation
    public var issues: [FieldIssue]

    public init(location: RecordLocation, issues: [FieldIssue] = []) {
        self.location = location
        self.issues = issues
    }

    /// True when the record must not be loaded.
    public var isRejected: Bool { issues.contains { $0.severity == .reject } }
    public var rejects: [FieldIssue] { issues.filter { $0.severity == .reject } }
    public var warnings: [FieldIssue] { issues.filter { $0.severity == .warning } }
}
