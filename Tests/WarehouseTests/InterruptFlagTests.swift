import Foundation
import Warehouse
import XCTest

#if canImport(Glibc)
    import Glibc
#endif

/// InterruptFlag: a signal sets the flag; the run sees it at its next checkpoint.
final class InterruptFlagTests: XCTestCase {
    func testTriggerSetsTheFlagOnce() throws {
        let flag = InterruptFlag()
        XCTAssertFalse(flag.isSet)
        XCTAssertNoThrow(try flag.checkpoint())
        XCTAssertTrue(flag.trigger(SIGTERM))
        XCTAssertFalse(flag.trigger(SIGINT), "a second signal is not a first one")
        XCTAssertEqual(flag.signal, SIGTERM)
        XCTAssertThrowsError(try flag.checkpoint()) { error in
            XCTAssertEqual((error as? Interrupted)?.signal, SIGTERM)
            XCTAssertTrue("\(error)".contains("SIGTERM"))
        }
    }

    /// SIGUSR2 stands in for SIGINT so the test runner itself is never at risk.
    func testARealSignalSetsTheFlagAndASecondOneEscalates() throws {
        let firsts = Counter()
        let seconds = Counter()
        let flag = InterruptFlag.install(signals: [SIGUSR2], onFirst: { _ in firsts.add() }, onSecond: { _ in seconds.add() })
        defer { flag.uninstall() }
        kill(getpid(), SIGUSR2)
        XCTAssertTrue(wait { flag.isSet }, "the signal did not set the flag")
        XCTAssertEqual(flag.signal, SIGUSR2)
        kill(getpid(), SIGUSR2)
        XCTAssertTrue(wait { seconds.value == 1 }, "the second signal did not escalate")
        XCTAssertEqual(firsts.value, 1)
    }

    private func wait(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(2)
        while !condition() {
            if Date() > deadline { return false }
            usleep(1_000)
        }
        return true
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
