import Feeds
import Foundation
import Warehouse
import Logging
import XCTest

@testable import Runtime

/// Environment overrides, database precedence, feed order and inbox globs.
final class ConfigOverrideTests: XCTestCase {
    let cwd = URL(fileURLWithPath: "/work/here")

    func config(_ yaml: String = "", environment: [String: String]) throws -> CRMWHConfig {
        var config = try CRMWHConfig.parse(yaml: yaml, file: "crmwh.yaml", base: URL(fileURLWithPath: "/etc/crmwh"))
        try config.applyEnvironment(environment, workingDirectory: cwd)
        return config
    }

    func testEnvironmentOverridesFileValues() throws {
        let config = try config(
            "warehouse: { base_currency: USD, lock_timeout: 30s }\ndirectories: { inbox: in }\n",
            environment: [
                "CRMWH_BASE_CURRENCY": "GBP", "CRMWH_REPORTING_TIME_ZONE": "Europe/London",
                "CRMWH_WARNING_REJECT_RATIO": "0.05", "CRMWH_STATEMENT_TIMEOUT": "2h", "CRMWH_LOCK_TIMEOUT": "5s",
                "CRMWH_INBOX": "incoming", "CRMWH_ARCHIVE": "/var/crmwh/archive", "CRMWH_ERROR": "err", "CRMWH_OUTPUT": "/tmp/out",
                "CRMWH_DATABASE": "dbname=other", "CRMWH_UNRELATED": "x", "CRMWH_LOCK_TIMEOUT_EXTRA": "",
            ])
        XCTAssertEqual(config.warehouse.baseCurrency, .gbp)
        XCTAssertEqual(config.warehouse.reportingTimeZone, "Europe/London")
        XCTAssertEqual(config.warehouse.warningRejectRatio, 0.05)
        XCTAssertEqual(config.warehouse.statementTimeout, "2h")
        XCTAssertEqual(config.warehouse.lockTimeout, "5s")
        // Relative paths from the environment are relative to the working directory.
        XCTAssertEqual(config.directories.inbox.path, "/work/here/incoming")
        XCTAssertEqual(config.directories.archive.path, "/var/crmwh/archive")
        XCTAssertEqual(config.directories.error.path, "/work/here/err")
        XCTAssertEqual(config.directories.output.path, "/tmp/out")
        XCTAssertEqual(config.database, "dbname=other")
        XCTAssertEqual(config.overrides.count, 10)
    }

    func testEmptyVariablesAreIgnored() throws {
        let config = try config("warehouse: { lock_timeout: 1min }\n", environment: ["CRMWH_LOCK_TIMEOUT": ""])
        XCTAssertEqual(config.warehouse.lockTimeout, "1min")
        XCTAssertTrue(config.overrides.isEmpty)
    }

    func testBadVariableIsAConfigurationErrorNamingIt() {
        for (variable, value) in [("CRMWH_WARNING_REJECT_RATIO", "lots"), ("CRMWH_BASE_CURRENCY", "DOLLAR"),
                                  ("CRMWH_LOCK_TIMEOUT", "forever"), ("CRMWH_REPORTING_TIME_ZONE", "Nowhere")] {
            XCTAssertThrowsError(try config(environment: [variable: value])) { error in
                let error = error as? WarehouseError
                XCTAssertEqual(error?.code, .configuration)
                XCTAssertTrue(error?.message.contains(variable) == true, "\(String(describing: error))")
            }
        }
    }

    func testDatabasePrecedence() throws {
        func target(_ flag: String?, _ environment: [String: String]) throws -> String {
            let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("crmwh-precedence-\(getpid()).yaml")
            try "database: \"dbname=fromfile\"\n".write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let runtime = try Runtime(
                options: RuntimeOptions(database: flag, configPath: file.path, environment: environment, workingDirectory: cwd),
                logger: Logger(label: "test"))
            guard case .explicit(let conninfo, _) = runtime.database else { return "other" }
            return conninfo
        }
        let all = ["CRMWH_DATABASE": "dbname=crmwhenv", "DATABASE_URL": "postgresql:///url"]
        XCTAssertEqual(try target("dbname=flag", all), "dbname=flag")
        XCTAssertEqual(try target(nil, all), "dbname=crmwhenv")
        XCTAssertEqual(try target(nil, ["DATABASE_URL": "postgresql:///url"]), "postgresql:///url")
        XCTAssertEqual(try target(nil, ["PGHOST": "elsewhere"]), "dbname=fromfile")
    }

    func testFeedsComeInDependencyOrder() throws {
        let config = try config("""
            feeds:
              - { name: web_orders, kind: transactions }
              - { name: touches, kind: interactions }
              - { name: people, kind: contacts }
              - { name: store_orders, kind: transactions }
              - { name: promos, kind: campaigns }
              - { name: catalog, kind: products }
              - { name: rates, kind: fx_rates }
            """, environment: [:])
        XCTAssertEqual(config.feedsInDependencyOrder.map(\.name),
                       ["rates", "catalog", "promos", "people", "web_orders", "touches", "store_orders"])
        XCTAssertEqual(CRMWHConfig.defaults(base: cwd).feedsInDependencyOrder.map(\.kind),
                       [.fxRates, .products, .campaigns, .contacts, .transactions, .interactions])
    }

    func testInboxGlobsMatchFilesAndSubfolders() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-inbox-\(UUID().uuidString.prefix(8))")
        let inbox = root.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox.appendingPathComponent("contacts"), withIntermediateDirectories: true)
        for name in ["transactions_2026-11-02.csv.gz", "transactions_2026-11-01.csv", "transactions_2026-11-01.csv.rejects.csv",
                     "products.csv", "contacts/a.csv", "notes.txt"] {
            try Data("x\n".utf8).write(to: inbox.appendingPathComponent(name))
        }
        var config = CRMWHConfig.defaults(base: root)
        config.feeds = try CRMWHConfig.parse(yaml: """
            feeds: [{ name: transactions, kind: transactions, inbox: "transactions*.csv*" },
                    { name: contacts, kind: contacts, inbox: "contacts/*.csv*" },
                    { name: campaigns, kind: campaigns }, { name: notes, kind: products }]
            """, file: "t.yaml", base: root).feeds
        XCTAssertEqual(config.inboxFiles(for: config.feeds[0]).map { ($0 as NSString).lastPathComponent },
                       ["transactions_2026-11-01.csv", "transactions_2026-11-02.csv.gz"])
        XCTAssertEqual(config.inboxFiles(for: config.feeds[1]), [inbox.appendingPathComponent("contacts/a.csv").path])
        XCTAssertEqual(config.inboxFiles(for: config.feeds[2]), [])
        XCTAssertEqual(config.inboxFiles(for: config.feeds[3]), [inbox.appendingPathComponent("notes.txt").path], "default glob: <name>*")

        try config.directories.createWorkDirectories()
        for directory in [config.directories.archive, config.directories.error, config.directories.output] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: directory.path), directory.path)
        }
    }
}
