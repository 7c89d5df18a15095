import Feeds
import Foundation
import Logging
import PostgresClient

/// The nightly job: every feed's new inbox files in dependency order, each
/// loaded in its own transaction and then moved to archive/ or error/; then
/// the post-load steps (refresh, scoring, exports). One `etl.run` row tells
/// what happened. A failed file does not stop the others; a re-run after a
/// crash finds exactly the files still in the inbox (a file loaded just
/// before a crash is recognised by its hash and only moved).
public struct NightlyRun {
    /// A step after loading, e.g. refreshing the marts; returns counts for the run record.
    public struct PostStep {
        public var name: String
        public var body: (Connection, Int64) throws -> [String: Any]

        public init(name: String, body: @escaping (Connection, Int64) throws -> [String: Any]) {
            self.name = name
            self.body = body
        }
    }

    public struct Outcome {
        public var runID: Int64
        public var files: [FileLoadResult]
        public var failedSteps: [String]
        public var exitCode: Int32
        public var status: String
        /// Inbox files no feed's pattern matches: left where they are, listed in the run.
        public var unmatchedFiles: [String]
    }

    public let connection: Connection
    public let sql: SQLDirectory
    public let settings: LoadSettings
    public let layout: InboxLayout
    public let feeds: [FeedDefinition]
    /// The inbox files waiting for a feed, in load order.
    public let inboxFiles: (FeedDefinition) -> [String]
    public let postSteps: [PostStep]
    public let logger: Logger
    /// Inbox files that no feed takes; the run warns about them (exit 3).
    public var unmatchedFiles: [String] = []
    /// Checked between files: a stop request ends the run cleanly.
    public var shouldStop: () -> Bool = { false }
    /// Told how far each file got (a progress bar on a terminal).
    public var progress: LoadProgress?
    /// A dry run (the caller rolls everything back): files stay in the
    /// inbox with their rejects files beside them, and no step runs after loading.
    public var dryRun = false

    public init(connection: Connection, sql: SQLDirectory, settings: LoadSettings, layout: InboxLayout,
                feeds: [FeedDefinition], inboxFiles: @escaping (FeedDefinition) -> [String],
                postSteps: [PostStep], logger: Logger) {
        self.connection = connection
        self.sql = sql
        self.settings = settings
        self.layout = layout
        self.feeds = feeds
        self.inboxFiles = inboxFiles
        self.postSteps = postSteps
        self.logger = logger
    }

    public func run(version: String, command: String = "run") throws -> Outcome {
        try connection.query(
            "update etl.run set status = 'interrupted', finished_at = clock_timestamp(), message = 'no longer running' where status = 'running'")
        let recorder = try RunRecorder(connection: connection, command: command, version: version)
        var logger = self.logger
        logger[metadataKey: "run.id"] = "\(recorder.runID)"
        var loadSettings = settings
        loadSettings.rejectDirectory = nil
        // Files others drop into the inbox: a link is refused, never followed (crmwh may run as root).
        loadSettings.followSymlinks = false
        loadSettings.dryRun = dryRun
        let loader = FileLoader(connection: connection, sql: sql, settings: loadSettings, runID: recorder.runID, logger: logger)
        loader.progress = progress

        var results: [FileLoadResult] = []
        var interrupted = false
        let loadStarted = Date()
        feedLoop: for feed in feeds {
            for path in inboxFiles(feed) {
                if shouldStop() { interrupted = true; break feedLoop }
                var result = try loader.load(path: path, definition: feed)
                if shouldStop() && result.status == .failed {
                    // Cancelled by the signal: rolled back, and left in the inbox for the next run.
                    interrupted = true
                    break feedLoop
                }
                if !dryRun { try file(&result) }
                LoadSession(connection: connection, sql: sql, settings: loadSettings, logger: logger).log(result)
                results.append(result)
            }
        }
        let outcome = LoadOutcome(results: results, warningRatio: settings.warningRejectRatio)
        recorder.step("load", seconds: Date().timeIntervalSince(loadStarted), counts: outcome.summary)

        if !dryRun && results.contains(where: { $0.status == .loaded }) {
            // Fresh statistics, so the steps and queries after a bulk load plan well.
            let started = Date()
            try connection.execute(try sql.text("load/analyze.sql"))
            recorder.step("analyze", seconds: Date().timeIntervalSince(started))
        }

        var failedSteps: [String] = []
        if !interrupted && !dryRun {
            for step in postSteps {
                let started = Date()
                do {
                    let counts = try step.body(connection, recorder.runID)
                    recorder.step(step.name, seconds: Date().timeIntervalSince(started), counts: counts)
                    logger.info("\(step.name) done", metadata: ["step": "\(step.name)", "step.seconds": "\(String(format: "%.2f", Date().timeIntervalSince(started)))"])
                } catch let error as PostgresError where error.kind == .connection {
                    throw error
                } catch {
                    failedSteps.append(step.name)
                    recorder.step(step.name, seconds: Date().timeIntervalSince(started), counts: ["error": "\(error)"])
                    logger.error("\(step.name) failed: \(error)", metadata: ["step": "\(step.name)"])
                }
            }
        }
        if shouldStop() { interrupted = true }
        var status = outcome.runStatus
        var code = outcome.exitCode
        var summary = outcome.summary
        var message: String? = failedSteps.isEmpty ? nil : "failed steps: \(failedSteps.joined(separator: ", "))"
        if !unmatchedFiles.isEmpty {
            summary["unmatched_files"] = unmatchedFiles
            let note = "\(unmatchedFiles.count) inbox file(s) match no feed and stay in the inbox: \(unmatchedFiles.joined(separator: ", "))"
            logger.warning("\(note)", metadata: ["run.unmatched_files": "\(unmatchedFiles.count)"])
            message = message.map { $0 + "; " + note } ?? note
            if code == 0 {
                code = 3
                status = "succeeded_with_warnings"
            }
        }
        if interrupted {
            status = "interrupted"
            code = 1
        } else if !failedSteps.isEmpty {
            status = "failed"
            code = 1
        }
        try recorder.finish(status: status, summary: summary, message: interrupted ? "stopped by a signal" : message)
        return Outcome(
            runID: recorder.runID, files: results, failedSteps: failedSteps, exitCode: code, status: status,
            unmatchedFiles: unmatchedFiles)
    }

    /// Archives a loaded or skipped file; moves a refused or failed one to
    /// error/ with its rejects file beside it.
    private func file(_ result: inout FileLoadResult) throws {
        switch result.status {
        case .loaded, .skipped:
            result.path = try layout.move(result.path, to: layout.archive)
            if let rejects = result.rejectsFile { result.rejectsFile = try layout.move(rejects, to: layout.archive) }
        case .refused, .failed:
            result.path = try layout.move(result.path, to: layout.error)
            if let rejects = result.rejectsFile { result.rejectsFile = try layout.move(rejects, to: layout.error) }
        }
    }
}
