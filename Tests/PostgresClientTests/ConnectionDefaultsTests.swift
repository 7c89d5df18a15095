import PostgresClient
import TestSupport
import XCTest

/// connect_timeout and TCP keepalives by default, and whatever the user
/// set instead.
final class ConnectionDefaultsTests: XCTestCase {
    static let defaults = [
        "connect_timeout": "10", "keepalives": "1", "keepalives_idle": "60", "keepalives_interval": "10",
        "keepalives_count": "6",
    ]

    func options(_ raw: String, environment: [String: String] = [:]) -> [String: String] {
        ConnectionString(raw).withDefaults(environment: environment).options()
    }

    func testKeywordStringGetsEveryDefault() {
        let options = options("host=db.example dbname=wh user=alice")
        for (keyword, value) in Self.defaults { XCTAssertEqual(options[keyword], value, keyword) }
        XCTAssertEqual(options["host"], "db.example")
        XCTAssertEqual(options["dbname"], "wh")
    }

    func testURIGetsEveryDefaultAsQueryParameters() {
        for raw in [
            "postgresql://alice@db.example/wh", "postgresql://alice@db.example/wh?sslmode=require",
            "postgres://db.example/wh?", "postgresql://alice:quest?ion@db.example/wh",
        ] {
            let options = options(raw)
            for (keyword, value) in Self.defaults { XCTAssertEqual(options[keyword], value, "\(keyword) in \(raw)") }
            XCTAssertEqual(options["host"], "db.example", raw)
        }
        XCTAssertEqual(options("postgresql://alice:quest?ion@db.example/wh")["password"], "quest?ion")
        XCTAssertEqual(options("postgresql://alice@db.example/wh?sslmode=require")["sslmode"], "require")
    }

    func testEmptyStringBecomesTheDefaultsAlone() {
        XCTAssertEqual(
            ConnectionString("").withDefaults(environment: [:]).raw,
            "connect_timeout=10 keepalives=1 keepalives_idle=60 keepalives_interval=10 keepalives_count=6")
        XCTAssertEqual(options("   "), Self.defaults)
    }

    func testTheUsersValuesWin() {
        let keyword = options("host=db.example connect_timeout=3 keepalives_idle=5")
        XCTAssertEqual(keyword["connect_timeout"], "3")
        XCTAssertEqual(keyword["keepalives_idle"], "5")
        XCTAssertEqual(keyword["keepalives_count"], "6")
        let uri = options("postgresql://db.example/wh?keepalives=0&connect_timeout=30")
        XCTAssertEqual(uri["keepalives"], "0")
        XCTAssertEqual(uri["connect_timeout"], "30")
        XCTAssertEqual(uri["keepalives_interval"], "10")
        let encoded = options("postgresql://db.example/wh?connect%5Ftimeout=4")
        XCTAssertEqual(encoded["connect_timeout"], "4")
    }

    func testPGCONNECT_TIMEOUTWins() {
        let options = options("host=db.example", environment: ["PGCONNECT_TIMEOUT": "45"])
        XCTAssertNil(options["connect_timeout"], "libpq takes PGCONNECT_TIMEOUT")
        XCTAssertEqual(options["keepalives"], "1")
        let empty = ConnectionString("").withDefaults(environment: ["PGCONNECT_TIMEOUT": "45"]).options()
        XCTAssertNil(empty["connect_timeout"])
        XCTAssertEqual(empty["keepalives_idle"], "60")
        XCTAssertEqual(
            self.options("host=db.example", environment: ["PGCONNECT_TIMEOUT": ""])["connect_timeout"], "10",
            "an empty variable counts as unset")
    }

    func testAServiceKeepsItsOwnSettings() {
        XCTAssertEqual(ConnectionString("service=wh").withDefaults(environment: [:]).raw, "service=wh")
        XCTAssertEqual(ConnectionString("dbname=wh").withDefaults(environment: ["PGSERVICE": "wh"]).raw, "dbname=wh")
    }

    func testStringsLibpqCannotReadAreLeftForLibpqToReport() {
        for raw in ["host=db.example password='abc", "postgresql://a:b%zz@h/db", "just-a-name"] {
            XCTAssertEqual(ConnectionString(raw).withDefaults(environment: [:]).raw, raw)
        }
        // A last value ending in a backslash would swallow the space after it.
        XCTAssertEqual(
            ConnectionString(#"host=db.example password=abc\"#).withDefaults(environment: [:]).raw, #"host=db.example password=abc\"#)
    }

    func testAConnectionWithTheDefaultsIsUsable() throws {
        let conninfo = ConnectionString(try TestCluster.makeDatabase(prefix: "defaults")).withDefaults(environment: [:])
        let connection = try Connection(conninfo)
        XCTAssertEqual(try connection.query("select 1").int(0, 0), 1)
        XCTAssertTrue(conninfo.raw.contains("connect_timeout=10"))
    }
}
