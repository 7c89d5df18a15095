import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// SessionSettings on a real server: the timeouts last for the session and
/// a bad value is the server's error, not a silent default.
final class SessionSettingsTests: XCTestCase {
    func testTimeoutsApplyToTheSession() throws {
        let connection = try Connection(try TestCluster.makeDatabase(prefix: "session"))
        try SessionSettings.apply(connection: connection, statementTimeout: "90s", lockTimeout: "250ms")
        try connection.transaction { try connection.execute("select 1") }
        XCTAssertEqual(try connection.query("show statement_timeout").scalar, "90s")
        XCTAssertEqual(try connection.query("show lock_timeout").scalar, "250ms")
        try SessionSettings.apply(connection: connection, statementTimeout: "0", lockTimeout: "0")
        XCTAssertEqual(try connection.query("show statement_timeout").scalar, "0")
    }

    func testStatementTimeoutCancelsLongStatements() throws {
        let connection = try Connection(try TestCluster.makeDatabase(prefix: "session_cancel"))
        try SessionSettings.apply(connection: connection, statementTimeout: "50ms", lockTimeout: "0")
        XCTAssertThrowsError(try connection.query("select pg_sleep(2)")) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "57014")
            XCTAssertEqual((error as? PostgresError)?.isTransient, false)
        }
    }

    func testABadValueIsRefusedByTheServer() throws {
        let connection = try Connection(try TestCluster.makeDatabase(prefix: "session_bad"))
        XCTAssertThrowsError(try SessionSettings.apply(connection: connection, statementTimeout: "soon", lockTimeout: "0")) { error in
            XCTAssertEqual((error as? PostgresError)?.sqlState, "22023")
        }
    }
}
