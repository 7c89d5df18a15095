import Foundation
import Logging
import PostgresClient

/// Retries work that failed for a reason that may pass: a lost connection,
/// a server restart (`57P01 terminating connection due to administrator
/// command`), a serialization failure (40001) or deadlock (40P01).
/// Everything else — a constraint violation, a bad file — fails at once,
/// because trying again would fail the same way.
public enum Retry {
    /// Exponential backoff: `initial`, then × `multiplier` per attempt, capped at `maximum` (seconds).
    public struct Backoff: Sendable, Equatable {
        public var initial: Double
        public var multiplier: Double
        public var maximum: Double

        public init(initial: Double, multiplier: Double = 2, maximum: Double = 60) {
            self.initial = initial
            self.multiplier = multiplier
            self.maximum = maximum
        }

        /// 1 s, 2 s, 4 s, … up to a minute: long enough for a server restart
        /// or a failover to finish, short enough for a nightly window.
        public static let standard = Backoff(initial: 1, multiplier: 2, maximum: 60)

        /// The pause after failed attempt `attempt` (1-based).
        public func delay(afterAttempt attempt: Int) -> Double {
            min(maximum, initial * pow(multiplier, Double(max(0, attempt - 1))))
        }
    }

    /// Runs `body` up to `attempts` times (at least once) while it throws a
    /// transient ``PostgresError``, pausing per `backoff` between tries.
    /// The last error is rethrown. `body` must be safe to run again: it
    /// should open its own connection (a broken one stays broken) and do
    /// work that is all-or-nothing, such as one file's transaction.
    public static func transient<T>(
        attempts: Int, backoff: Backoff = .standard, logger: Logger,
        sleep: (Double) -> Void = { Thread.sleep(forTimeInterval: $0) },
        _ body: () throws -> T
    ) throws -> T {
        let attempts = max(1, attempts)
        var attempt = 1
        while true {
            do {
                return try body()
            } catch let error as PostgresError where error.isTransient && attempt < attempts {
                let pause = backoff.delay(afterAttempt: attempt)
                logger.warning(
                    "transient database error, retrying in \(String(format: "%.1f", pause)) s: \(error)",
                    metadata: ["retry.attempt": "\(attempt)", "retry.attempts": "\(attempts)",
                               "db.sqlstate": "\(error.sqlState ?? "")"])
                sleep(pause)
                attempt += 1
            }
        }
    }
}
