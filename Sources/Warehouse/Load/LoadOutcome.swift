/// The verdict on a set of file loads: run status and exit code.
public struct LoadOutcome {
    public let results: [FileLoadResult]
    public let warningRatio: Double

    public init(results: [FileLoadResult], warningRatio: Double) {
        self.results = results
        self.warningRatio = warningRatio
    }

    var hasFailure: Bool { results.contains { $0.status == .failed || $0.status == .refused } }
    var hasManyRejects: Bool { results.contains { $0.status == .loaded && $0.rejectRatio > warningRatio } }

    /// 1 when a file failed or was refused, 3 when rejects passed the warning level, else 0.
    public var exitCode: Int32 {
        hasFailure ? 1 : hasManyRejects ? 3 : 0
    }

    public var runStatus: String {
        hasFailure ? "failed" : hasManyRejects ? "succeeded_with_rejects" : "succeeded"
    }

    public var summary: [String: Any] {
        [
            "files": results.count,
            "files_loaded": results.filter { $0.status == .loaded }.count,
            "files_skipped": results.filter { $0.status == .skipped }.count,
            "files_refused": results.filter { $0.status == .refused }.count,
            "files_failed": results.filter { $0.status == .failed }.count,
            "records_read": results.reduce(0) { $0 + $1.recordsRead },
            "records_loaded": results.reduce(0) { $0 + $1.recordsLoaded },
            "records_rejected": results.reduce(0) { $0 + $1.recordsRejected },
            "warnings": results.reduce(0) { $0 + $1.warnings },
        ]
    }
}
