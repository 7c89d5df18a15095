import Logging
import PostgresClient
import Warehouse
import XCTest

/// Retry.transient: which errors it retries, how often, and how long it waits.
final class RetryTests: XCTestCase {
    var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    struct NotTransient: Error {}

    let lostConnection = PostgresError(kind: .connection, message: "server closed the connection unexpectedly")
    let adminShutdown = PostgresError(kind: .server, sqlState: "57P01", message: "terminating connection due to administrator command")
    let deadlock = PostgresError(kind: .server, sqlState: "40P01", message: "deadlock detected")
    let uniqueViolation = PostgresError(kind: .server, sqlState: "23505", message: "duplicate key value")

    func testSucceedsAfterTransientFailuresWithGrowingPauses() throws {
        var calls = 0
        var pauses: [Double] = []
        let failures = [lostConnection, adminShutdown, deadlock]
        let value = try Retry.transient(
            attempts: 4, backoff: .init(initial: 0.001, multiplier: 2), logger: logger, sleep: { pauses.append($0) }
        ) { () -> String in
            calls += 1
            if calls <= failures.count { throw failures[calls - 1] }
            return "done"
        }
        XCTAssertEqual(value, "done")
        XCTAssertEqual(calls, 4)
        XCTAssertEqual(pauses, [0.001, 0.002, 0.004])
    }

    func testGivesUpAfterAttemptsAndRethrowsTheLastError() {
        var calls = 0
        XCTAssertThrowsError(
            try Retry.transient(attempts: 3, backoff: .init(initial: 0.001), logger: logger, sleep: { _ in }) { () -> Int in
                calls += 1
                throw PostgresError(kind: .server, sqlState: "40001", message: "could not serialize access \(calls)")
            }
        ) { error in
            XCTAssertEqual((error as? PostgresError)?.message, "could not serialize access 3")
        }
        XCTAssertEqual(calls, 3)
    }

    func testPermanentErrorsFailAtOnce() {
        for error in [uniqueViolation as Error, NotTransient()] {
            var calls = 0
            XCTAssertThrowsError(try Retry.transient(attempts: 5, logger: logger, sleep: { _ in XCTFail("slept") }) {
                calls += 1
                throw error
            })
            XCTAssertEqual(calls, 1)
        }
    }

    func testZeroAttemptsStillRunsOnce() throws {
        var calls = 0
        try Retry.transient(attempts: 0, logger: logger, sleep: { _ in }) { calls += 1 }
        XCTAssertEqual(calls, 1)
    }

    func testBackoffIsCapped() {
        let backoff = Retry.Backoff(initial: 1, multiplier: 2, maximum: 5)
        XCTAssertEqual((1...5).map { backoff.delay(afterAttempt: $0) }, [1, 2, 4, 5, 5])
        XCTAssertEqual(Retry.Backoff.standard.delay(afterAttempt: 3), 4)
    }

    func testRealSleepIsUsedByDefault() throws {
        var calls = 0
        let started = Date()
        try Retry.transient(attempts: 2, backoff: .init(initial: 0.002), logger: logger) {
            calls += 1
            if calls == 1 { throw lostConnection }
        }
        XCTAssertEqual(calls, 2)
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.002)
    }
}
