/// One line of `crmwh runs`: a run and its totals.
public struct RunSummary: Sendable, Equatable, Encodable {
    public var runID: Int64
    public var command: String
    /// running, succeeded, succeeded_with_rejects, failed or interrupted.
    public var status: String
    /// UTC, ISO 8601 (`2026-11-22T02:00:03Z`).
    public var startedAt: String
    public var finishedAt: String?
    /// Until `finishedAt`, or until now for a run still marked running.
    public var seconds: Double
    public var host: String?
    public var version: String?
    public var message: String?
    public var filesLoaded = 0
    /// From the run's summary: skipped files leave no `etl.file` row.
    public var filesSkipped = 0
    public var filesRefused = 0
    public var filesFailed = 0
    public var recordsRead = 0
    public var recordsLoaded = 0
    public var recordsRejected = 0
    public var warnings = 0
    /// Marked running, but its process is gone (killed, crashed): no session
    /// holds the warehouse lock for it. See docs/operations.md, "Killed run".
    public var isAbandoned = false

    enum CodingKeys: String, CodingKey {
        case isAbandoned = "abandoned"
        case runID = "run_id", command, status, startedAt = "started_at", finishedAt = "finished_at", seconds, host
        case version = "crmwh_version", message, filesLoaded = "files_loaded", filesSkipped = "files_skipped"
        case filesRefused = "files_refused", filesFailed = "files_failed", recordsRead = "records_read"
        case recordsLoaded = "records_loaded", recordsRejected = "records_rejected", warnings
    }
}

/// One entry of `etl.run.steps`: a step's name, duration and whatever
/// counts the command recorded with it.
public struct RunStep: Sendable, Equatable, Encodable {
    public var name: String
    public var seconds: Double?
    /// The step's other fields as text, sorted by key.
    public var details: [String: String]

    enum CodingKeys: String, CodingKey {
        case name = "step", seconds, details
    }
}

/// The most frequent problem of one kind in a file, with its first occurrence.
public struct RejectReason: Sendable, Equatable, Encodable {
    public var rule: String
    /// reject (not loaded) or warning (loaded without the field).
    public var severity: String
    public var field: String?
    public var count: Int
    /// The physical line of the first record with this problem.
    public var exampleLine: Int
    public var exampleValue: String?
    public var exampleReason: String

    enum CodingKeys: String, CodingKey {
        case rule, severity, field, count, exampleLine = "example_line", exampleValue = "example_value"
        case exampleReason = "example_reason"
    }
}

/// One input file a run looked at (`etl.file`).
public struct RunFile: Sendable, Equatable, Encodable {
    public var fileID: Int64
    public var feed: String
    public var kind: String
    public var path: String
    public var status: String
    public var bytes: Int
    public var recordsRead: Int
    public var recordsLoaded: Int
    public var recordsRejected: Int
    public var warnings: Int
    public var seconds: Double?
    public var message: String?
    public var topRejects: [RejectReason] = []
    /// Every reason group of the file (rule, field, severity), shown or not.
    public var rejectReasonGroups = 0
    /// The reject and warning records of the groups `topRejects` leaves out.
    public var recordsInReasonsNotShown = 0

    enum CodingKeys: String, CodingKey {
        case fileID = "file_id", feed, kind, path, status, bytes, recordsRead = "records_read"
        case recordsLoaded = "records_loaded", recordsRejected = "records_rejected", warnings, seconds, message
        case topRejects = "top_rejects", rejectReasonGroups = "reject_reason_groups"
        case recordsInReasonsNotShown = "records_in_reasons_not_shown"
    }
}

/// Everything `crmwh runs show` says about one run.
public struct RunDetail: Sendable, Equatable, Encodable {
    public var run: RunSummary
    public var steps: [RunStep]
    public var files: [RunFile]
}
