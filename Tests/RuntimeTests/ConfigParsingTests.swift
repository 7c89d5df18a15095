import Feeds
import Foundation
import Pipeline
import Warehouse
import XCTest

@testable import Runtime

/// The config file: every mistake names its key and file, env overrides, defaults.
final class ConfigParsingTests: XCTestCase {
    let base = URL(fileURLWithPath: "/srv/crmwh/config")

    func parse(_ yaml: String) throws -> CRMWHConfig {
        try CRMWHConfig.parse(yaml: yaml, file: "config/crmwh.yaml", base: base)
    }

    /// The configuration error `yaml` causes, as the user would read it.
    func error(_ yaml: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try parse(yaml)
            XCTFail("expected a configuration error", file: file, line: line)
            return ""
        } catch let error as WarehouseError {
            XCTAssertEqual(error.code, .configuration, file: file, line: line)
            XCTAssertTrue(error.message.contains("config/crmwh.yaml"), "no file in: \(error.message)", file: file, line: line)
            return error.message
        } catch {
            XCTFail("unexpected \(error)", file: file, line: line)
            return ""
        }
    }

    func testShippedExampleParsesAndResolvesDirectoriesNextToTheFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try CRMWHConfig.load(path: "config/crmwh.yaml", environment: [:], workingDirectory: root)
        XCTAssertEqual(config.directories.inbox.path, root.appendingPathComponent("inbox").path)
        XCTAssertEqual(config.directories.output.path, root.appendingPathComponent("out").path)
        XCTAssertEqual(config.feeds.count, 6)
        XCTAssertEqual(config.warehouse.staticRates, [.eur: "1.08", .gbp: "1.27"])
        XCTAssertEqual(config.exports.map(\.name), ["kpi", "pack"])
        XCTAssertEqual(config.exports[1].report, "pack")
        XCTAssertEqual(config.exports[1].url(in: config.directories.output, period: "latest").lastPathComponent, "pack-latest.html")
        XCTAssertEqual(config.inboxPattern(for: config.feeds[0]), root.appendingPathComponent("inbox/fx_rates*.csv*").path)
    }

    func testNoFileGivesDefaultsWithTheSixCanonicalFeeds() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-noconfig-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let config = try CRMWHConfig.load(path: nil, environment: [:], workingDirectory: empty)
        XCTAssertNil(config.file)
        XCTAssertEqual(Set(config.feeds.map(\.kind)), Set(FeedKind.allCases))
        XCTAssertEqual(config.feeds.first { $0.kind == .transactions }?.inbox, "transactions*.csv*")
        XCTAssertEqual(config.directories.archive.path, empty.appendingPathComponent("archive").standardizedFileURL.path)
        XCTAssertEqual(config.warehouse.lockTimeout, "30s")
        XCTAssertEqual(config.warehouse.retries, 3)
        XCTAssertEqual(config.analysis.tiers, .init(top: 0.01, high: 0.04, mid: 0.15))
    }

    func testEmptyFileIsTheDefaults() throws {
        let config = try parse("# nothing yet\n")
        XCTAssertEqual(config.feeds.count, 6)
        XCTAssertEqual(config.warehouse, WarehouseSection())
    }

    func testUnknownKeysAreNamedAtEveryLevel() {
        let top = error("database: \"\"\nwarehose:\n  retries: 1\n")
        XCTAssertTrue(top.contains("key 'warehose'") && top.contains("unknown key") && top.contains("config/crmwh.yaml:2"), top)
        let nested = error("warehouse:\n  retires: 1\n")
        XCTAssertTrue(nested.contains("key 'warehouse.retires'") && nested.contains(":2"), nested)
        let deep = error("analysis:\n  clv:\n    horizon: 12\n")
        XCTAssertTrue(deep.contains("key 'analysis.clv.horizon'"), deep)
        let directories = error("directories: { inbox: in, tmp: t }\n")
        XCTAssertTrue(directories.contains("key 'directories.tmp'"), directories)
        let export = error("exports:\n  - { name: kpi, kind: kpi, destination: x }\n")
        XCTAssertTrue(export.contains("key 'exports[0].destination'"), export)
        let feed = error("feeds:\n  - { name: orders, kind: transactions, delimter: \";\" }\n")
        XCTAssertTrue(feed.contains("delimter") && feed.contains("feed 'orders'"), feed)
    }

    func testWrongTypesAreNamed() {
        XCTAssertTrue(error("warehouse: { retries: many }\n").contains("key 'warehouse.retries': must be a whole number"))
        XCTAssertTrue(error("warehouse: { warning_reject_ratio: 2 }\n").contains("key 'warehouse.warning_reject_ratio'"))
        XCTAssertTrue(error("warehouse: [1, 2]\n").contains("key 'warehouse': must be a mapping"))
        XCTAssertTrue(error("directories: { inbox: [a, b] }\n").contains("key 'directories.inbox': must be a single value"))
        XCTAssertTrue(error("analysis: { clv: { enabled: maybe } }\n").contains("key 'analysis.clv.enabled': must be true or false"))
        XCTAssertTrue(error("feeds: 3\n").contains("key 'feeds': must be a list"))
    }

    func testBadValuesAreNamed() {
        XCTAssertTrue(error("warehouse: { base_currency: EURO }\n").contains("warehouse.base_currency"))
        XCTAssertTrue(error("warehouse: { static_rates: { EUR: abc } }\n").contains("warehouse.static_rates.EUR"))
        XCTAssertTrue(error("warehouse: { reporting_time_zone: Mars/Base }\n").contains("unknown time zone"))
        XCTAssertTrue(error("warehouse: { lock_timeout: soon }\n").contains("key 'warehouse.lock_timeout'"))
        XCTAssertTrue(error("analysis: { as_of: 2026-02-30 }\n").contains("key 'analysis.as_of'"))
        XCTAssertTrue(error("analysis: { clv: { unit: fortnight } }\n").contains("key 'analysis.clv.unit'"))
        XCTAssertTrue(error("analysis: { tiers: { top: 0.5, high: 0.4, mid: 0.3 } }\n").contains("must not exceed 1"))
        XCTAssertTrue(error("exports: [{ name: k, kind: kpi, format: html }]\n").contains("key 'exports[0].format'"))
        XCTAssertTrue(error("exports: [{ name: p, kind: report, report: pack, format: csv }]\n").contains("the management pack"))
        XCTAssertTrue(error("exports: [{ name: r, kind: report }]\n").contains("key 'exports[0].report'"))
        XCTAssertTrue(error("feeds: [{ name: a, kind: products }, { name: a, kind: campaigns }]\n").contains("named 'a'"))
        XCTAssertTrue(error("feeds: [{ name: a, kind: invoices }]\n").contains("unknown feed kind"))
        XCTAssertTrue(error("warehouse: {\n").contains("not valid YAML"))
    }

    func testValuesAreRead() throws {
        let config = try parse("""
            database: "host=db dbname=crm"
            warehouse: { base_currency: eur, static_rates: { USD: "0.92" }, statement_timeout: 10min, retries: 0 }
            directories: { inbox: /data/in, archive: done }
            analysis:
              as_of: 2026-06-30
              clv: { unit: month, horizon_months: 24 }
              tiers: { top: 0.02, high: 0.08, mid: 0.1 }
              churn_inactive_months: 6
              trend: { volatile_cv: 2 }
            exports: [{ name: tiers, kind: report, report: value-tiers, format: html }]
            """)
        XCTAssertEqual(config.database, "host=db dbname=crm")
        XCTAssertEqual(config.warehouse.baseCurrency, .eur)
        XCTAssertEqual(config.warehouse.statementTimeout, "10min")
        XCTAssertEqual(config.warehouse.retries, 0)
        XCTAssertEqual(config.directories.inbox.path, "/data/in")
        XCTAssertEqual(config.directories.archive.path, "/srv/crmwh/config/done")
        XCTAssertEqual(config.analysis.asOf, .date("2026-06-30"))
        XCTAssertEqual(config.analysis.clv.unit, .month)
        XCTAssertEqual(config.analysis.clv.horizonMonths, 24)
        XCTAssertEqual(config.analysis.churnInactiveMonths, 6)
        // The marts rank against cumulative shares, added exactly.
        let marts = config.analysis.martSettings
        XCTAssertEqual([marts.tierTopShare, marts.tierHighShare, marts.tierMediumShare], ["0.02", "0.10", "0.20"])
        XCTAssertEqual(marts.churnInactiveMonths, 6)
        XCTAssertEqual(marts.trendVolatileCV, "2.0")
        XCTAssertEqual(marts.responseWindowDays, 30, "unset keys keep the marts' defaults")
        XCTAssertEqual(config.exports.first?.path, "tiers-{period}.html")
        XCTAssertEqual(config.exports.first?.url(in: URL(fileURLWithPath: "/out"), period: "2026-10").path, "/out/tiers-2026-10.html")
        let settings = config.loadSettings()
        XCTAssertEqual(settings.baseCurrency, .eur)
        XCTAssertEqual(settings.staticRates[.usd]?.description, "0.92")
        XCTAssertNil(settings.rejectDirectory)
        XCTAssertEqual(settings.warningRejectRatio, 0.01)
        XCTAssertEqual(config.retryAttempts, 1)
    }
}
