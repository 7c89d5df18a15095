import Feeds
import Foundation
import Logging
import PostgresClient
import TestSupport
@testable import Warehouse
import XCTest

/// RunHistory on a real warehouse: runs written by RunRecorder and FileLoader
/// read back with their counts, steps, files and top reject reasons.
final class RunHistoryTests: XCTestCase {
    let salesHeader = "order_id,line_no,customer_id,sku,quantity,unit_price,currency,ordered_at,source_system,status\n"

    /// One run as `crmwh load` does it: every file under one run, the outcome as its summary.
    func run(_ harness: LoadHarness, _ files: [(String, FeedDefinition)], steps: [(String, Double, [String: Any])] = []) throws -> Int64 {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let recorder = try RunRecorder(connection: harness.connection, command: "load transactions", version: "test")
        let loader = FileLoader(connection: harness.connection, sql: try TestCluster.repositorySQL(), settings: harness.settings,
                                runID: recorder.runID, logger: logger)
        let results = try files.map { try loader.load(path: $0.0, definition: $0.1) }
        for (name, seconds, counts) in steps { recorder.step(name, seconds: seconds, counts: counts) }
        let outcome = LoadOutcome(results: results, warningRatio: 0.01)
        try recorder.finish(status: outcome.runStatus, summary: outcome.summary)
        return recorder.runID
    }

    func testRunsAndTheirDetail() throws {
        let harness = try LoadHarness(prefix: "history")
        let good = try LoadHarness.write(salesHeader + """
            O1,1,C1,SKU1,1,10.00,USD,2024-03-01T12:00:00Z,web,
            O2,1,C1,SKU1,1,abc,USD,2024-03-02T12:00:00Z,web,
            O3,1,C2,SKU2,2,12.50,USD,2024-03-03T12:00:00Z,web,
            O4,1,C2,SKU2,1,x1,USD,2024-03-04T12:00:00Z,web,
            O5,1,C3,SKU2,1,5.00,USD,not a date,web,
            """, name: "orders.csv")
        let first = try run(harness, [(good, .canonical(.transactions))],
                            steps: [("load", 1.25, ["files": 1]), ("refresh", 0.5, [:])])

        // The same file again is skipped; a file over its reject budget is refused.
        var strict = FeedDefinition.canonical(.transactions)
        strict.maxRejectRatio = 0.1
        let bad = try LoadHarness.write(salesHeader + "O9,1,C9,SKU1,1,zz,USD,2024-03-01T12:00:00Z,web,\n", name: "bad.csv")
        let second = try run(harness, [(good, .canonical(.transactions)), (bad, strict)])

        let history = RunHistory(connection: harness.connection)
        let runs = try history.recent(limit: 10)
        XCTAssertEqual(runs.map(\.runID), [second, first])
        let latest = runs[0], earlier = runs[1]
        XCTAssertEqual(earlier.status, "succeeded_with_rejects")
        XCTAssertEqual(earlier.command, "load transactions")
        XCTAssertEqual([earlier.filesLoaded, earlier.filesSkipped, earlier.filesRefused, earlier.filesFailed], [1, 0, 0, 0])
        XCTAssertEqual([earlier.recordsRead, earlier.recordsLoaded, earlier.recordsRejected], [5, 2, 3])
        XCTAssertNotNil(earlier.finishedAt)
        XCTAssertFalse(earlier.isAbandoned)
        XCTAssertGreaterThanOrEqual(earlier.seconds, 0)
        XCTAssertEqual(latest.status, "failed")
        XCTAssertEqual([latest.filesLoaded, latest.filesSkipped, latest.filesRefused, latest.filesFailed], [0, 1, 1, 0])
        XCTAssertEqual(try history.recent(limit: 1).map(\.runID), [second])

        let detail = try XCTUnwrap(try history.detail(runID: first))
        XCTAssertEqual(detail.steps.map(\.name), ["load", "refresh"])
        XCTAssertEqual(detail.steps[0].seconds, 1.25)
        XCTAssertEqual(detail.steps[0].details, ["files": "1"])
        XCTAssertEqual(detail.files.count, 1)
        let file = detail.files[0]
        XCTAssertEqual(file.status, "loaded")
        XCTAssertEqual(file.path, good)
        XCTAssertEqual([file.recordsRead, file.recordsLoaded, file.recordsRejected], [5, 2, 3])
        // Two bad prices (one rule, first example on line 3) rank above the bad timestamp.
        let top = try XCTUnwrap(file.topRejects.first)
        XCTAssertEqual(top.count, 2, "\(file.topRejects)")
        XCTAssertEqual(top.field, "unit_price")
        XCTAssertEqual(top.exampleLine, 3)
        XCTAssertEqual(top.exampleValue, "abc")
        XCTAssertEqual(file.topRejects.reduce(0) { $0 + $1.count }, 3)
        XCTAssertTrue(file.topRejects.contains { $0.field == "ordered_at" && $0.count == 1 && $0.exampleLine == 6 })
        XCTAssertEqual([file.rejectReasonGroups, file.recordsInReasonsNotShown], [2, 0])
        // Asked for one reason: the other group and its record are counted as not shown.
        let oneReason = try XCTUnwrap(try history.detail(runID: first, rejectReasonsPerFile: 1)).files[0]
        XCTAssertEqual(oneReason.topRejects.map(\.field), ["unit_price"])
        XCTAssertEqual([oneReason.rejectReasonGroups, oneReason.recordsInReasonsNotShown], [2, 1])

        let refused = try XCTUnwrap(try history.detail(runID: second)).files
        XCTAssertEqual(refused.map(\.status), ["refused"])
        XCTAssertNotNil(refused[0].message)
        XCTAssertEqual(refused[0].topRejects.first?.exampleValue, "zz")
        XCTAssertNil(try history.detail(runID: 999_999))
    }

    func testARunThatDiedIsShownFromItsFiles() throws {
        let harness = try LoadHarness(prefix: "history_crash")
        let runID = try RunRecorder(connection: harness.connection, command: "run", version: "test").runID
        try harness.connection.query(
            "insert into etl.file (run_id, feed, feed_kind, path, sha256, bytes, status, records_read, records_loaded) "
                + "values ($1, 'contacts', 'contacts', '/in/c.csv', 'abc', 10, 'loaded', 4, 4)", [runID])
        let run = try XCTUnwrap(try RunHistory(connection: harness.connection).recent(limit: 5).first)
        XCTAssertEqual(run.status, "running")
        XCTAssertNil(run.finishedAt)
        XCTAssertEqual([run.filesLoaded, run.recordsRead, run.recordsLoaded], [1, 4, 4])
        XCTAssertTrue(run.isAbandoned, "no session holds the lock")
        // While a session holds the warehouse lock, the newest running run is taken as live.
        let other = try Connection(harness.conninfo)
        XCTAssertTrue(try other.tryAdvisoryLock(WarehouseLock.key))
        let newer = try RunRecorder(connection: harness.connection, command: "run", version: "test").runID
        let runs = try RunHistory(connection: harness.connection).recent(limit: 5)
        XCTAssertEqual(runs.map(\.runID), [newer, runID])
        XCTAssertEqual(runs.map(\.isAbandoned), [false, true])
        XCTAssertFalse(try RunHistory(connection: harness.connection).recent(limit: 5).contains { $0.status != "running" })
        let detail = try XCTUnwrap(try RunHistory(connection: harness.connection).detail(runID: runID))
        XCTAssertEqual(detail.steps, [])
        XCTAssertEqual(detail.files.first?.topRejects, [])
    }

    func testStepsJSONOfOtherShapes() throws {
        let steps = try RunHistory.steps(json: #"[{"step": "score", "seconds": 2, "model": {"a": 1}}, "odd"]"#)
        XCTAssertEqual(steps.map(\.name), ["score", "step 2"])
        XCTAssertEqual(steps[0].details, ["model": #"{"a":1}"#])
        XCTAssertEqual(try RunHistory.steps(json: "[]"), [])
    }
}
