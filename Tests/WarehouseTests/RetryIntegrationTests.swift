import Logging
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// Retry.transient against a real server: a session the server ends
/// (`57P01 terminating connection due to administrator command`, as in a
/// restart) is retried on a new connection; a SQL error is not.
final class RetryIntegrationTests: XCTestCase {
    var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    func testATerminatedSessionIsRetriedOnANewConnection() throws {
        let conninfo = try TestCluster.makeDatabase(prefix: "retry")
        let admin = try Connection(conninfo)
        var attempts = 0
        var firstError: PostgresError?
        let value = try Retry.transient(attempts: 3, backoff: .init(initial: 0.001), logger: logger) { () -> Int in
            attempts += 1
            let connection = try Connection(conninfo)
            if attempts == 1 {
                try admin.query("select pg_terminate_backend($1)", [Int(connection.backendPID)])
                do {
                    _ = try connection.query("select 1")
                } catch let error as PostgresError {
                    firstError = error
                    throw error
                }
            }
            return try connection.query("select 42").int(0, 0) ?? 0
        }
        XCTAssertEqual(value, 42)
        XCTAssertEqual(attempts, 2)
        XCTAssertEqual(firstError?.isTransient, true, "\(String(describing: firstError))")
    }

    func testASQLErrorIsNotRetried() throws {
        let connection = try Connection(try TestCluster.makeDatabase(prefix: "retry_sql"))
        var attempts = 0
        XCTAssertThrowsError(try Retry.transient(attempts: 3, backoff: .init(initial: 0.001), logger: logger) {
            attempts += 1
            try connection.query("select 1 / 0")
        }) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "22012")
        }
        XCTAssertEqual(attempts, 1)
    }
}
