import Foundation
import Logging
import Marts

#if canImport(Glibc)
    import Glibc
#endif

/// Progress of work done in named steps (a mart refresh, CLV scoring): on
/// a terminal the step under way stands on one line on stderr; every
/// finished step is a log line with its seconds, so cron's log says where
/// the time went.
final class StepProgress: RefreshObserver, @unchecked Sendable {
    let label: String
    let logger: Logger
    let isTerminal: Bool

    init(label: String, logger: Logger, quiet: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.label = label
        self.logger = logger
        isTerminal = !quiet && isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
    }

    func stepStarted(_ name: String) {
        guard isTerminal else { return }
        FileHandle.standardError.write(Data((ProgressReporter.clearLine + "\(label): \(name) …").utf8))
    }

    func stepFinished(_ name: String, seconds: Double) {
        if isTerminal { FileHandle.standardError.write(Data(ProgressReporter.clearLine.utf8)) }
        logger.info(
            "\(label) step \(name) done",
            metadata: ["step": "\(name)", "step.seconds": "\(String(format: "%.2f", seconds))"])
    }
}
