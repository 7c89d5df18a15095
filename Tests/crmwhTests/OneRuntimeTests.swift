import Foundation
import PostgresClient
import TestSupport
import Warehouse
import XCTest

/// End to end: every command takes its configuration and database from the
/// same place, creates no cluster nobody asked for, and reads its SQL from
/// where it is installed.
final class OneRuntimeTests: XCTestCase {
    /// A warehouse loaded once from generated feeds, shared by the tests.
    nonisolated(unsafe) static var loaded: String?

    func temporaryDirectory(_ name: String = "crmwh-rt") throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// A migrated warehouse holding 300 generated customers' feeds, refreshed.
    func loadedWarehouse() throws -> String {
        if let loaded = Self.loaded { return loaded }
        let database = try TestCluster.makeDatabase(prefix: "runtime")
        let root = try temporaryDirectory()
        let generate = try BuiltBinary.run(
            ["generate", "--customers", "300", "--transactions", "4000", "--out", "inbox", "--bad-ratio", "0", "--end-date", "2025-12-31", "--quiet"],
            in: root)
        XCTAssertEqual(generate.status, 0, generate.stderr)
        try FileManager.default.removeItem(at: root.appendingPathComponent("inbox/manifest.json"))
        let run = try BuiltBinary.run(["run", "--database", database], in: root)
        XCTAssertEqual(run.status, 0, run.stderr)
        Self.loaded = database
        return database
    }

    func query(_ conninfo: String, _ sql: String) throws -> [[String?]] {
        try Connection(conninfo).query(sql).rows
    }

    /// `host='/tmp/…' port=5432 dbname=NAME user=crmwh` → its parts.
    func parts(_ conninfo: String) throws -> (host: String, database: String) {
        let cluster = try TestCluster.shared()
        let name = try XCTUnwrap(conninfo.split(separator: " ").first { $0.hasPrefix("dbname=") }?.dropFirst(7))
        return (cluster.directory.path, String(name))
    }

    // MARK: - The database, from every source, for every command

    func testEveryCommandTalksToTheDatabaseItsSourceNames() throws {
        let database = try loadedWarehouse()
        let (host, name) = try parts(database)
        let sources: [(name: String, environment: [String: String], flag: [String], configDatabase: String?)] = [
            ("--database", [:], ["--database", database], nil),
            ("CRMWH_DATABASE", ["CRMWH_DATABASE": database], [], nil),
            ("DATABASE_URL", ["DATABASE_URL": database], [], nil),
            ("config database:", [:], [], database),
            ("PG*", ["PGHOST": host, "PGPORT": "5432", "PGDATABASE": name, "PGUSER": EmbeddedCluster.superuser], [], nil),
        ]
        let before = try runCounts(database)
        for (index, source) in sources.enumerated() {
            let work = try temporaryDirectory("crmwh-matrix")
            var config: [String] = []
            if let configured = source.configDatabase {
                let file = work.appendingPathComponent("elsewhere/crmwh.yaml")
                try write("database: \"\(configured)\"\n", to: file)
                config = ["--config", file.path]
            }
            let orders = work.appendingPathComponent("orders.csv")
            try write(
                "order_id,customer_id,unit_price,currency,ordered_at\nM\(index),C1,10.00,USD,2025-12-30T10:00:00Z\n", to: orders)
            let commands: [[String]] = [
                ["load", "transactions", orders.path], ["migrate"], ["refresh"], ["report", "kpi_monthly", "--format", "csv"],
                ["export", "kpi", "--period", "2025-11"], ["clv", "fit", "--as-of", "2025-12-31"], ["runs"],
            ]
            for command in commands {
                let result = try BuiltBinary.run(command + source.flag + config, in: work, environment: source.environment)
                XCTAssertEqual(result.status, 0, "\(command.joined(separator: " ")) with \(source.name): \(result.stderr)")
                if command[0] == "report" { XCTAssertTrue(result.stdout.hasPrefix("month,"), result.stdout) }
                if command[0] == "runs" { XCTAssertTrue(result.stdout.contains("refresh"), result.stdout) }
            }
            XCTAssertFalse(
                FileManager.default.fileExists(atPath: work.appendingPathComponent(".crmwh").path),
                "\(source.name): a cluster appeared in the working directory")
        }
        // Each source reached this database: five more loads, migrations and refreshes here.
        let after = try runCounts(database)
        XCTAssertEqual(after["load transactions", default: 0] - before["load transactions", default: 0], 5)
        XCTAssertEqual(after["migrate", default: 0] - before["migrate", default: 0], 5)
        XCTAssertEqual(after["refresh", default: 0] - before["refresh", default: 0], 5)
        let loaded = try query(database, "select count(*) from dw.fact_sales where order_id like 'M_'")
        XCTAssertEqual(loaded.first?.first ?? nil, "5")
    }

    func runCounts(_ database: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try query(database, "select command, count(*) from etl.run group by command") {
            counts[row[0] ?? ""] = Int(row[1] ?? "0") ?? 0
        }
        return counts
    }

    func testWithoutADatabaseCommandsExitTwoAndCreateNoCluster() throws {
        let work = try temporaryDirectory("crmwh-nodb")
        for command in [["migrate"], ["refresh"], ["report", "overview"], ["runs"], ["export", "kpi"], ["clv", "fit"]] {
            let result = try BuiltBinary.run(command, in: work)
            XCTAssertEqual(result.status, 2, "\(command): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("no database configured"), result.stderr)
            XCTAssertTrue(result.stderr.contains("crmwh db start"), result.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent(".crmwh").path))
    }

    // MARK: - The configuration, the same for every command

    func testLoadAndRunGiveIdenticalFactsUnderTheConfiguredCurrency() throws {
        let work = try temporaryDirectory()
        let config = work.appendingPathComponent("config/crmwh.yaml")
        try write(
            """
            warehouse: { base_currency: EUR, static_rates: { USD: "0.92", GBP: "1.17" } }
            directories: { inbox: ../inbox }
            analysis: { clv: { enabled: false } }
            exports: []
            """, to: config)
        let orders = """
            order_id,line_no,customer_id,sku,quantity,unit_price,currency,ordered_at
            O1,1,C1,S1,1,100.00,USD,2025-03-01T10:00:00Z
            O1,2,C1,S2,2,12.50,EUR,2025-03-01T10:00:00Z
            O2,1,C2,S1,3,9.99,GBP,2025-03-02T11:30:00Z

            """
        try write(orders, to: work.appendingPathComponent("inbox/transactions.csv"))
        try write(orders, to: work.appendingPathComponent("orders.csv"))
        let viaLoad = try TestCluster.makeMigratedDatabase(prefix: "rt_load")
        let viaRun = try TestCluster.makeDatabase(prefix: "rt_run")
        let load = try BuiltBinary.run(
            ["load", "transactions", work.appendingPathComponent("orders.csv").path, "--config", config.path, "--database", viaLoad])
        XCTAssertEqual(load.status, 0, load.stderr)
        let run = try BuiltBinary.run(["run", "--config", config.path, "--database", viaRun], in: URL(fileURLWithPath: "/"))
        XCTAssertEqual(run.status, 0, run.stderr)
        let facts = """
            select order_id, line_no, customer_id, quantity, unit_price, amount, currency, amount_base, date_key
            from dw.fact_sales order by order_id, line_no
            """
        let loaded = try query(viaLoad, facts)
        XCTAssertEqual(loaded.count, 3)
        XCTAssertEqual(loaded, try query(viaRun, facts))
        // 100 USD at the configured 0.92 is 92 EUR in the base currency.
        XCTAssertEqual(loaded.first?[7].flatMap { Double($0) }, 92)
        XCTAssertEqual(loaded.last?[7].flatMap { Double($0) } ?? 0, 35.0649, accuracy: 0.00005)
    }

    func testAnalysisSettingsOfTheConfigChangeTheMarts() throws {
        let database = try loadedWarehouse()
        let work = try temporaryDirectory()
        func refresh(_ analysis: String) throws -> ProcessRunner.Output {
            let config = work.appendingPathComponent("crmwh.yaml")
            try write("analysis: \(analysis)\n", to: config)
            let result = try BuiltBinary.run(["refresh", "--config", config.path, "--database", database], in: work)
            XCTAssertEqual(result.status, 0, result.stderr)
            return result
        }
        func figures() throws -> (top: Int, churned: Int, setting: String) {
            let top = try query(database, "select customers from mart.value_tiers(null) where value_tier = 'top'")
            let churned = try query(database, "select sum(churned_customers) from mart.kpi_monthly")
            let setting = try query(database, "select value::text from mart.settings where name = 'tier_top_share'")
            return (Int(top.first?[0] ?? "0") ?? 0, Int(churned.first?[0] ?? "0") ?? 0, setting.first?[0] ?? "")
        }
        _ = try refresh("{ tiers: { top: 0.01, high: 0.04, mid: 0.15 }, churn_inactive_months: 3 }")
        let before = try figures()
        let changed = try refresh("{ tiers: { top: 0.10, high: 0.10, mid: 0.10 }, churn_inactive_months: 6 }")
        XCTAssertTrue(changed.stderr.contains("analysis settings changed"), changed.stderr)
        let after = try figures()
        XCTAssertEqual(Double(after.setting), 0.10)
        XCTAssertGreaterThan(after.top, before.top, "a larger top share puts more customers in the top tier")
        XCTAssertLessThan(after.churned, before.churned, "a longer inactivity window counts fewer customers as churned")
        // The same settings again change nothing: an incremental refresh.
        let again = try refresh("{ tiers: { top: 0.10, high: 0.10, mid: 0.10 }, churn_inactive_months: 6 }")
        XCTAssertTrue(again.stderr.contains("up to date"), again.stderr)
        _ = try refresh("{}")
    }

    // MARK: - SQL from the installation, never from the working directory

    func testAnInstalledBinaryReadsItsOwnSQLAndNeverTheWorkingDirectorys() throws {
        let prefix = try temporaryDirectory("crmwh-prefix")
        // What `make install PREFIX=…` lays out: bin/crmwh and share/crmwh/sql.
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("share/crmwh"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: BuiltBinary.path, toPath: prefix.appendingPathComponent("bin/crmwh").path)
        try FileManager.default.copyItem(
            at: TestCluster.repositoryRoot.appendingPathComponent("sql"), to: prefix.appendingPathComponent("share/crmwh/sql"))
        // Started by name through a link on PATH, as a user would.
        let path = try temporaryDirectory("crmwh-path")
        try FileManager.default.createSymbolicLink(
            atPath: path.appendingPathComponent("crmwh").path, withDestinationPath: prefix.appendingPathComponent("bin/crmwh").path)
        // A sql/ planted in the working directory and its parent must never run.
        let parent = try temporaryDirectory("crmwh-planted")
        let work = parent.appendingPathComponent("work")
        for directory in [parent, work] {
            try write("create table public.planted (x int);\n", to: directory.appendingPathComponent("sql/migrations/0001_x.sql"))
            try write("create table public.planted_mart (x int);\n", to: directory.appendingPathComponent("sql/marts/00_x.sql"))
        }
        let database = try TestCluster.makeDatabase(prefix: "rt_installed")
        var environment = ProcessInfo.processInfo.environment
        environment = environment.filter { !$0.key.hasPrefix("CRMWH_") && !$0.key.hasPrefix("PG") && $0.key != "DATABASE_URL" }
        environment["PATH"] = path.path + ":/usr/bin:/bin"
        environment["CRMWH_DATABASE"] = database
        let migrate = try ProcessRunner.run("/bin/sh", ["-c", "crmwh migrate"], environment: environment, directory: work.path)
        XCTAssertEqual(migrate.status, 0, migrate.text)
        let fromRoot = try ProcessRunner.run("/bin/sh", ["-c", "cd / && crmwh migrate"], environment: environment, directory: work.path)
        XCTAssertEqual(fromRoot.status, 0, fromRoot.text)
        XCTAssertTrue(fromRoot.stderr.contains("no migration applied"), fromRoot.stderr)
        let planted = try query(database, "select to_regclass('public.planted')::text, to_regclass('public.planted_mart')::text")
        XCTAssertEqual(planted.first ?? [], [nil, nil], "SQL from the working directory ran")
        let applied = try query(database, "select count(*) from etl.schema_migration")
        let shipped = try FileManager.default.contentsOfDirectory(
            atPath: TestCluster.repositoryRoot.appendingPathComponent("sql/migrations").path).filter { $0.hasSuffix(".sql") }
        XCTAssertEqual(Int(applied.first?[0] ?? "") ?? 0, shipped.count)
        // Without its share/ beside it, the binary says where it looked.
        try FileManager.default.removeItem(at: prefix.appendingPathComponent("share"))
        let lost = try ProcessRunner.run("/bin/sh", ["-c", "crmwh migrate"], environment: environment, directory: work.path)
        XCTAssertEqual(lost.status, 2, lost.text)
        XCTAssertTrue(lost.stderr.contains("CRMWH_SQL_DIR"), lost.stderr)
    }

    // MARK: - Cron: JSON logs, the inbox, a run that shows while it works

    func testNightlyRunWithJSONLogsWritesOnlyJSONLines() throws {
        let database = try TestCluster.makeDatabase(prefix: "rt_json")
        let root = try temporaryDirectory()
        try write(
            "order_id,customer_id,unit_price,currency,ordered_at\nJ1,C1,10.00,USD,2025-01-02T10:00:00Z\nJ2,C2,11.00,USD,2025-01-03T10:00:00Z\n",
            to: root.appendingPathComponent("inbox/transactions.csv"))
        try write("nobody takes this\n", to: root.appendingPathComponent("inbox/stray.txt"))
        try write("directories: { inbox: ../inbox }\nanalysis: { clv: { enabled: false } }\nfeeds: [{ name: transactions, kind: transactions, inbox: \"transactions*.csv\", max_reject_ratio: 0.9 }]\n",
                  to: root.appendingPathComponent("config/crmwh.yaml"))
        let result = try BuiltBinary.run(["run", "--log-format", "json", "--database", database], in: root)
        XCTAssertEqual(result.status, 3, "a file no feed takes is a warning: \(result.text)")
        var records: [[String: Any]] = []
        for line in (result.stdout + result.stderr).split(separator: "\n") {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            XCTAssertNotNil(object, "not a JSON line: \(line)")
            if let object { records.append(object) }
        }
        XCTAssertTrue(records.contains { $0["record"] as? String == "file" && $0["status"] as? String == "loaded" }, "\(records)")
        let run = try XCTUnwrap(records.first { $0["record"] as? String == "run" })
        XCTAssertEqual(run["status"] as? String, "succeeded_with_warnings")
        XCTAssertEqual(run["unmatched_files"] as? [String], ["stray.txt"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: root.appendingPathComponent("inbox/stray.txt").path))
        let recorded = try query(database, "select status, summary -> 'unmatched_files' ->> 0 from etl.run where command = 'run'")
        XCTAssertEqual(recorded.first ?? [], ["succeeded_with_warnings", "stray.txt"])

        // A missing inbox is a wrong path: a configuration error.
        try FileManager.default.removeItem(at: root.appendingPathComponent("inbox"))
        let missing = try BuiltBinary.run(["run", "--log-format", "json", "--database", database], in: root)
        XCTAssertEqual(missing.status, 2, missing.text)
        let error = try JSONSerialization.jsonObject(with: Data(missing.stderr.utf8)) as? [String: Any]
        XCTAssertTrue((error?["msg"] as? String)?.contains("inbox") == true, missing.stderr)
        XCTAssertEqual(error?["level"] as? String, "error")
    }

    func testABadFeedDefinitionIsAConfigurationErrorForEveryCommand() throws {
        let work = try temporaryDirectory()
        let definition = work.appendingPathComponent("bad.yaml")
        try write("name: shop\nkind: no_such_kind\n", to: definition)
        let data = work.appendingPathComponent("f.csv")
        try write("a,b\n1,2\n", to: data)
        let database = try TestCluster.makeMigratedDatabase(prefix: "rt_feed")
        let load = try BuiltBinary.run(["load", "shop", data.path, "--feed-file", definition.path, "--database", database], in: work)
        XCTAssertEqual(load.status, 2, load.text)
        let inspect = try BuiltBinary.run(["inspect", data.path, "--feed", definition.path], in: work)
        XCTAssertEqual(inspect.status, 2, inspect.text)
        let unknown = try BuiltBinary.run(["load", "no_such_feed", data.path, "--database", database], in: work)
        XCTAssertEqual(unknown.status, 2, unknown.text)
        XCTAssertTrue(unknown.stderr.contains("unknown feed 'no_such_feed'"), unknown.stderr)
    }

    func testRunsShowsARefreshWhileItWorks() throws {
        let database = try loadedWarehouse()
        // An analyst's open transaction holds the table a full refresh empties first.
        let analyst = try Connection(database)
        try analyst.execute("begin; lock table mart.customer_day in access share mode")
        let refresh = try BuiltBinary.start(["refresh", "--full", "--database", database])
        var seen: [String: Any]?
        for _ in 0..<100 where seen == nil {
            usleep(100_000)
            let runs = try BuiltBinary.run(["runs", "--format", "json", "--last", "1", "--database", database])
            let list = try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]]
            seen = list?.first { $0["command"] as? String == "refresh --full" && $0["status"] as? String == "running" }
        }
        let running = try XCTUnwrap(seen, "crmwh runs never showed the refresh running")
        XCTAssertEqual(running["abandoned"] as? Bool, false)
        // A second writer is told which run holds the lock.
        let second = try BuiltBinary.run(["refresh", "--database", database])
        XCTAssertEqual(second.status, 75, second.stderr)
        XCTAssertTrue(second.stderr.contains("refresh --full"), second.stderr)
        try analyst.execute("commit")
        let finished = refresh.wait()
        XCTAssertEqual(finished.status, 0, finished.stderr)
        let status = try query(database, "select status from etl.run where command = 'refresh --full' order by run_id desc limit 1")
        XCTAssertEqual(status.first?[0], "succeeded")
    }

    func testExportsAndReportsAreWrittenOwnerOnlyUnlessConfigured() throws {
        let database = try loadedWarehouse()
        let work = try temporaryDirectory()
        func mode(_ path: URL) throws -> Int {
            try FileManager.default.attributesOfItem(atPath: path.path)[.posixPermissions] as? Int ?? -1
        }
        let export = work.appendingPathComponent("kpi.csv")
        XCTAssertEqual(try BuiltBinary.run(["export", "kpi", "--period", "2025-11", "--out", export.path, "--database", database], in: work).status, 0)
        XCTAssertEqual(try mode(export), 0o600)
        XCTAssertEqual(try mode(URL(fileURLWithPath: export.path + ".manifest.json")), 0o600)
        let config = work.appendingPathComponent("crmwh.yaml")
        try write("warehouse: { file_mode: \"0640\" }\n", to: config)
        let report = work.appendingPathComponent("value.html")
        let result = try BuiltBinary.run(
            ["report", "customer_value", "--format", "html", "--out", report.path, "--config", config.path, "--database", database], in: work)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try mode(report), 0o640)
        try write("warehouse: { file_mode: \"0755\" }\n", to: config)
        XCTAssertEqual(try BuiltBinary.run(["config", "check", "--config", config.path], in: work).status, 2, "no execute bits")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work.path).filter { $0.hasPrefix(".") }, [])
    }
}
