import PostgresClient
import TestSupport
import XCTest

final class ConnectionTests: XCTestCase {
    var connection: Connection!

    override func setUpWithError() throws {
        connection = try Connection(try TestCluster.makeDatabase(prefix: "client"))
    }

    func testParametersTravelSeparatelyFromSQL() throws {
        let hostile = "x'); drop table t; --"
        let result = try connection.query("select $1::text as value, $2::int + 1 as next, $3::text is null as missing", [hostile, 41, nil])
        XCTAssertEqual(result.string(0, 0), hostile)
        XCTAssertEqual(result.int(0, 1), 42)
        XCTAssertEqual(result.bool(0, 2), true)
        XCTAssertEqual(result.columnNames, ["value", "next", "missing"])
        XCTAssertEqual(result.columnIndex("next"), 1)
    }

    func testDatesReadAsISOWhateverTheServersDateStyle() throws {
        let conninfo = try TestCluster.makeDatabase(prefix: "datestyle")
        let german = try Connection(conninfo + " options='-c datestyle=German,DMY'")
        XCTAssertEqual(try german.query("select date '2025-04-01'::text").string(0, 0), "2025-04-01")
        XCTAssertEqual(
            try german.query("select timestamptz '2025-04-01 10:00+00' at time zone 'UTC'").string(0, 0),
            "2025-04-01 10:00:00")
    }

    func testCellsReadAsBytesAndIntegers() throws {
        let result = try connection.query(
            "select 'Zoë'::text, null::text, (-9223372036854775807)::bigint, 9223372036854775807::bigint, '12a'::text, ''::text")
        XCTAssertEqual(result.bytes(0, 0).map { Array($0) }, Array("Zoë".utf8))
        XCTAssertNil(result.bytes(0, 1))
        XCTAssertNil(result.int64(0, 1))
        XCTAssertEqual(result.int64(0, 2), -9_223_372_036_854_775_807)
        XCTAssertEqual(result.int64(0, 3), .max)
        XCTAssertNil(result.int64(0, 4), "not digits")
        XCTAssertNil(result.int64(0, 5), "empty")
        XCTAssertEqual(result.bytes(0, 5)?.count, 0)
    }

    func testTextArraysRoundTrip() throws {
        let elements = ["plain", "", "with,comma", "{braces}", "quote \"x\"", "back\\slash", "NULL", "Zoë 東京", " spaced "]
        let result = try connection.query("select e from unnest($1::text[]) with ordinality as u(e, n) order by n", [PostgresArray(elements)])
        XCTAssertEqual(result.rows.map { $0[0] }, elements)
    }

    func testServerErrorCarriesSQLStateAndDetail() throws {
        try connection.execute("create table u (id int primary key)")
        try connection.query("insert into u values ($1)", [1])
        XCTAssertThrowsError(try connection.query("insert into u values ($1)", [1])) { error in
            let error = error as! PostgresError
            XCTAssertEqual(error.sqlState, "23505")
            XCTAssertEqual(error.kind, .server)
            XCTAssertNotNil(error.detail)
            XCTAssertTrue(error.description.contains("23505"))
        }
    }

    func testTransactionRollsBackOnThrow() throws {
        try connection.execute("create table t (n int)")
        struct Boom: Error {}
        XCTAssertThrowsError(try connection.transaction {
            try connection.query("insert into t values ($1)", [1])
            throw Boom()
        })
        XCTAssertEqual(try connection.query("select count(*) from t").int(0, 0), 0)
        _ = try connection.transaction { try connection.query("insert into t values ($1)", [2]) }
        XCTAssertEqual(try connection.query("select sum(n) from t").int(0, 0), 2)
    }

    func testAdvisoryLockIsExclusiveBetweenSessions() throws {
        let other = try Connection(connection.connectionString)
        XCTAssertTrue(try connection.tryAdvisoryLock(77))
        XCTAssertFalse(try other.tryAdvisoryLock(77))
        XCTAssertTrue(try connection.releaseAdvisoryLock(77))
        XCTAssertTrue(try other.tryAdvisoryLock(77))
    }

    func testBadConninfoIsOneLineWithoutPassword() throws {
        let secret = "s3cr3t-Pa55"
        let attempts = [
            "postgresql://alice:\(secret)@/nodb?host=/nonexistent-dir",
            "host=/nonexistent-dir user=alice password=\(secret) dbname=x",
            "postgresql://alice:\(secret)@[bad",
        ]
        for conninfo in attempts {
            XCTAssertThrowsError(try Connection(conninfo)) { error in
                let text = "\(error)"
                XCTAssertFalse(text.contains(secret), "password leaked: \(text)")
                XCTAssertFalse(text.contains("\n"), "not one line: \(text)")
                XCTAssertEqual((error as? PostgresError)?.kind, .connection)
            }
        }
    }

    func testConnectionStringRedactsPassword() {
        let uri = ConnectionString("postgresql://bob:hunter2@db.example:5432/wh")
        XCTAssertEqual(uri.description, "postgresql://bob:****@db.example:5432/wh")
        let keywords = ConnectionString("host=h password=hunter2 dbname=wh")
        XCTAssertFalse(keywords.description.contains("hunter2"))
    }

    func testIdentifierQuoting() throws {
        XCTAssertEqual(quoteIdentifier("we\"ird"), "\"we\"\"ird\"")
        try connection.execute("create table \(quoteIdentifier("Mixed \"Case\"")) (n int)")
        XCTAssertEqual(try connection.query("select count(*) from \(quoteIdentifier("Mixed \"Case\""))").int(0, 0), 0)
    }
}
