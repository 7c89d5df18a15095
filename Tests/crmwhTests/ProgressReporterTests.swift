import Foundation
import XCTest

@testable import crmwh

/// The progress bar: drawn only on a terminal, throttled, cleared at the end.
final class ProgressReporterTests: XCTestCase {
    final class Screen: @unchecked Sendable {
        var writes: [String] = []
        var time = 100.0
    }

    func reporter(terminal: Bool, _ screen: Screen) -> ProgressReporter {
        ProgressReporter(isTerminal: terminal, write: { screen.writes.append($0) }, now: { screen.time }, width: { 120 })
    }

    func testWithoutATerminalNothingIsWritten() {
        let screen = Screen()
        let progress = reporter(terminal: false, screen)
        progress.start(file: "/in/transactions.csv", totalBytes: 1_000)
        screen.time += 1
        progress.update(bytesRead: 500, rows: 10)
        progress.finish()
        XCTAssertEqual(screen.writes, [])
    }

    func testOnATerminalTheLineIsRedrawnAtMostTenTimesASecondAndCleared() {
        let screen = Screen()
        let progress = reporter(terminal: true, screen)
        progress.start(file: "/in/transactions.csv", totalBytes: 2_000_000)
        XCTAssertEqual(screen.writes.count, 1)
        for step in 1...100 {  // 100 updates in one second of clock
            screen.time += 0.01
            progress.update(bytesRead: Int64(step * 10_000), rows: step * 100)
        }
        XCTAssertLessThanOrEqual(screen.writes.count, 11)
        XCTAssertGreaterThanOrEqual(screen.writes.count, 9)
        let last = screen.writes.last!
        XCTAssertTrue(last.hasPrefix("\r\u{1B}[2K"), last)
        XCTAssertTrue(last.contains("transactions.csv"), last)
        XCTAssertTrue(last.contains("50%"), last)
        XCTAssertTrue(last.contains("rows/s"), last)
        XCTAssertTrue(last.contains("ETA"), last)
        progress.finish()
        XCTAssertEqual(screen.writes.last, ProgressReporter.clearLine)
        let count = screen.writes.count
        progress.update(bytesRead: 1, rows: 1)
        progress.finish()
        XCTAssertEqual(screen.writes.count, count, "nothing after finish")
    }

    func testStandardErrorIsSilentWhenNotATerminalOrQuiet() {
        // Under the test runner stderr may or may not be a terminal; quiet and TERM=dumb never draw.
        XCTAssertFalse(ProgressReporter.standardError(quiet: true, environment: [:]).isTerminal)
        XCTAssertFalse(ProgressReporter.standardError(environment: ["TERM": "dumb"]).isTerminal)
        XCTAssertEqual(ProgressReporter.standardError(environment: [:]).isTerminal, isatty(STDERR_FILENO) == 1)
    }

    func testALogLineClearsTheBarWhichIsRedrawnAtTheNextUpdate() {
        let screen = Screen()
        let progress = reporter(terminal: true, screen)
        progress.start(file: "contacts.csv", totalBytes: 100)
        ProgressReporter.clearActiveBarForLogLine()
        XCTAssertEqual(screen.writes.last, ProgressReporter.clearLine)
        ProgressReporter.clearActiveBarForLogLine()
        XCTAssertEqual(screen.writes.count, 2, "nothing to clear twice")
        progress.update(bytesRead: 10, rows: 1)  // within 0.1 s, but the bar is gone: redraw
        XCTAssertEqual(screen.writes.count, 3)
        XCTAssertTrue(screen.writes.last!.contains("contacts.csv"))
        progress.finish()
        ProgressReporter.clearActiveBarForLogLine()
        XCTAssertEqual(screen.writes.count, 4, "no bar after finish")
    }

    func testLineFigures() {
        let line = ProgressLine(label: "orders.csv", bytesRead: 12_300_000, totalBytes: 24_600_000, rows: 50_000, elapsed: 3)
        XCTAssertEqual(line.fraction, 0.5)
        XCTAssertEqual(line.eta ?? 0, 3, accuracy: 0.001)
        XCTAssertEqual(
            line.render(width: 200, barWidth: 10),
            "orders.csv  [#####-----]   50%  12.3 MB/24.6 MB  4.1 MB/s  16667 rows/s  ETA 0:03")
        XCTAssertEqual(line.render(width: 20).count, 20)
        XCTAssertTrue(line.render(width: 20).hasSuffix("…"))
    }

    func testUnknownSizeShowsNoPercentOrETA() {
        let line = ProgressLine(label: "feed.ndjson.gz", bytesRead: 2_500, totalBytes: nil, rows: 10, elapsed: 0)
        XCTAssertNil(line.eta)
        XCTAssertEqual(line.render(width: 200), "feed.ndjson.gz  2.5 kB  0 B/s  0 rows/s")
    }

    func testUnits() {
        XCTAssertEqual(ProgressLine.bytes(999), "999 B")
        XCTAssertEqual(ProgressLine.bytes(1_500_000_000), "1.50 GB")
        XCTAssertEqual(ProgressLine.clock(59.2), "1:00")
        XCTAssertEqual(ProgressLine.clock(3_725), "1:02:05")
    }
}
