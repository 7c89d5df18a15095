/// What happened to one input file.
public struct FileLoadResult: Sendable {
    public enum Status: String, Sendable {
        /// Merged into the warehouse.
        case loaded
        /// The same content was loaded before; nothing done.
        case skipped
        /// Too many rejects (the feed's max_reject_ratio): nothing loaded.
        case refused
        /// An error stopped the file; nothing from it loaded.
        case failed
    }

    public var path: String
    public var feed: String
    public var status: Status
    public var fileID: Int64?
    public var recordsRead = 0
    public var recordsLoaded = 0
    public var recordsRejected = 0
    public var warnings = 0
    public var seconds = 0.0
    public var message: String?
    public var rejectsFile: String?
    public var topRules: [(rule: String, count: Int)] = []
    /// In a dry run, the rows the file wrote before the rollback.
    public var dryRunChanges: DryRunChanges?

    public var rowsPerSecond: Double {
        seconds > 0 ? Double(recordsRead) / seconds : 0
    }

    public var rejectRatio: Double {
        recordsRead > 0 ? Double(recordsRejected) / Double(recordsRead) : 0
    }
}
