import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns SIGINT / SIGTERM into a flag a run checks between files, so an
/// operator's Ctrl-C or a supervisor's `kill` stops the run at a clean
/// point instead of mid-statement.
///
/// A file being loaded when the signal arrives finishes (or fails) on its
/// own; the run then stops before the next one. If the process dies anyway
/// (a second signal, SIGKILL, a crash), that file's transaction was never
/// committed and the server rolls it back when the connection closes:
/// nothing of the file is in the warehouse and the next run loads it again.
///
/// The C handler only counts signals (all a handler may safely do); a timer
/// on a dispatch queue turns the count into the flag and the callbacks.
/// (Dispatch signal sources are not used: on Linux they miss signals sent to
/// a multi-threaded process unless every thread blocks them.)
/// One installed flag per process.
public final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var received: Int32?
    private var signals: [Int32] = []
    private var watcher: DispatchSourceTimer?
    private var handled: Int32 = 0

    /// A flag not bound to any signal (for tests, or to trigger by hand).
    public init() {}

    /// Starts catching `signals`. The first one sets the flag and calls
    /// `onFirst` (to log "stopping after the current file"); a later one
    /// calls `onSecond`, by default exiting at once with 128 + signal.
    public static func install(
        signals: [Int32] = [SIGINT, SIGTERM],
        onFirst: @escaping @Sendable (Int32) -> Void = { _ in },
        onSecond: @escaping @Sendable (Int32) -> Void = { exit(128 + $0) }
    ) -> InterruptFlag {
        let flag = InterruptFlag()
        flag.signals = signals
        pendingSignalCount = 0
        for number in signals { catchSignal(number) }
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now(), repeating: .milliseconds(20))
        timer.setEventHandler { [weak flag] in
            guard let flag else { return }
            let (count, number) = (pendingSignalCount, pendingSignal)
            while flag.handled < count {
                flag.handled += 1
                if flag.trigger(number) { onFirst(number) } else { onSecond(number) }
            }
        }
        timer.resume()
        flag.watcher = timer
        return flag
    }

    /// Sets the flag; true when this was the first signal.
    @discardableResult
    public func trigger(_ signal: Int32) -> Bool {
        lock.withLock {
            guard received == nil else { return false }
            received = signal
            return true
        }
    }

    public var isSet: Bool { lock.withLock { received != nil } }

    /// The signal that set the flag, if any.
    public var signal: Int32? { lock.withLock { received } }

    /// Throws ``Interrupted`` once the flag is set; call between files.
    public func checkpoint() throws {
        if let signal { throw Interrupted(signal: signal) }
    }

    /// Stops catching and restores the default actions.
    public func uninstall() {
        watcher?.cancel()
        watcher = nil
        for number in signals { restoreDefaultSignal(number) }
        signals = []
    }

    deinit {
        watcher?.cancel()
    }
}

/// The run was asked to stop (SIGINT / SIGTERM); record it as `interrupted`.
public struct Interrupted: Error, CustomStringConvertible, Sendable {
    public let signal: Int32

    public init(signal: Int32) {
        self.signal = signal
    }

    public var description: String {
        let name = signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal \(signal)"
        return "interrupted by \(name); the work in flight was rolled back, and what was not done is left for the next run"
    }
}

// Written only by the signal handler (plain stores, as with C's
// `volatile sig_atomic_t`), read by the watcher timer.
nonisolated(unsafe) private var pendingSignalCount: Int32 = 0
nonisolated(unsafe) private var pendingSignal: Int32 = 0

// Free functions: inside the class, `signal` names the property.
private func catchSignal(_ number: Int32) {
    signal(number) { received in
        pendingSignal = received
        pendingSignalCount &+= 1
    }
}

private func restoreDefaultSignal(_ number: Int32) {
    signal(number, SIG_DFL)
}
