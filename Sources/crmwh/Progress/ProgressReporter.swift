import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A live progress bar for long file loads, on stderr, when stderr is a
/// terminal. Under cron (stderr a file or pipe) it does nothing at all, so
/// logs hold only the normal log lines and no escape codes.
///
/// Call ``start(file:totalBytes:)`` before a file, ``update(bytesRead:rows:)``
/// as often as convenient (redraws are limited to ~10 a second), and
/// ``finish()`` after it, which clears the line so the log line that reports
/// the file's result stands alone. Safe to call from the loading thread.
final class ProgressReporter: @unchecked Sendable {
    /// Whether to draw; decided once, injectable for tests.
    let isTerminal: Bool
    private let write: (String) -> Void
    private let now: () -> Double
    private let width: () -> Int
    private let minimumInterval: Double
    private let lock = NSLock()

    private var label = ""
    private var totalBytes: Int64?
    private var startedAt = 0.0
    private var lastDrawnAt: Double?
    private var isActive = false

    /// Erases the current line: carriage return, then ANSI "erase in line" (all of it).
    static let clearLine = "\r\u{1B}[2K"

    init(isTerminal: Bool, write: @escaping (String) -> Void, now: @escaping () -> Double = ProgressReporter.monotonicSeconds,
         width: @escaping () -> Int = ProgressReporter.terminalWidth, minimumInterval: Double = 0.1) {
        self.isTerminal = isTerminal
        self.write = write
        self.now = now
        self.width = width
        self.minimumInterval = minimumInterval
    }

    /// Draws on stderr if it is a terminal, `TERM` is not `dumb` and the
    /// command was not asked to be `--quiet`.
    static func standardError(quiet: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressReporter {
        let terminal = !quiet && isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb"
        return ProgressReporter(isTerminal: terminal, write: { FileHandle.standardError.write(Data($0.utf8)) })
    }

    func start(file: String, totalBytes: Int64?) {
        guard isTerminal else { return }
        Self.setActive(self)
        lock.withLock {
            label = (file as NSString).lastPathComponent
            self.totalBytes = totalBytes
            startedAt = now()
            lastDrawnAt = nil
            isActive = true
            draw(bytesRead: 0, rows: 0, at: startedAt)
        }
    }

    func update(bytesRead: Int64, rows: Int) {
        guard isTerminal else { return }
        lock.withLock {
            guard isActive else { return }
            let time = now()
            if let lastDrawnAt, time - lastDrawnAt < minimumInterval { return }
            draw(bytesRead: bytesRead, rows: rows, at: time)
        }
    }

    func finish() {
        guard isTerminal else { return }
        lock.withLock {
            guard isActive else { return }
            isActive = false
            write(Self.clearLine)
        }
        Self.setActive(nil)
    }

    /// Erases the bar so a log line written now starts on a clean line;
    /// the next update redraws the bar below it.
    func clearForLogLine() {
        lock.withLock {
            guard isActive, lastDrawnAt != nil else { return }
            write(Self.clearLine)
            lastDrawnAt = nil
        }
    }

    // The reporter whose bar is on screen, for the log handler.
    nonisolated(unsafe) private static weak var active: ProgressReporter?
    private static let activeLock = NSLock()

    private static func setActive(_ reporter: ProgressReporter?) {
        activeLock.withLock { active = reporter }
    }

    /// Called by the log handler before each line (see ``clearForLogLine()``).
    static func clearActiveBarForLogLine() {
        activeLock.withLock { active }?.clearForLogLine()
    }

    private func draw(bytesRead: Int64, rows: Int, at time: Double) {
        let line = ProgressLine(label: label, bytesRead: bytesRead, totalBytes: totalBytes, rows: rows, elapsed: time - startedAt)
        // One column short of the width: writing the last column makes some terminals wrap.
        write(Self.clearLine + line.render(width: max(20, width() - 1)))
        lastDrawnAt = time
    }

    static func monotonicSeconds() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1_000_000_000
    }

    /// The terminal's columns (TIOCGWINSZ), else `COLUMNS`, else 80.
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap { Int($0) } ?? 80
    }
}
