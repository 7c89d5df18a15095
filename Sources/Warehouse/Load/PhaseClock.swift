import Foundation
import Logging

/// Logs how long each phase of a file's load took, at debug level
/// (`CRMWH_DEBUG=1`), to see where a slow load spends its time.
struct PhaseClock {
    let logger: Logger
    let path: String
    private var last = Date()

    init(logger: Logger, path: String) {
        self.logger = logger
        self.path = path
    }

    mutating func lap(_ phase: String) {
        let now = Date()
        logger.debug(
            "\(phase)", metadata: ["file.path": "\(path)", "phase.seconds": "\(String(format: "%.2f", now.timeIntervalSince(last)))"])
        last = now
    }
}
