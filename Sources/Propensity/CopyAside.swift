import Foundation
import PostgresClient

/// A `COPY … TO STDOUT` run on a second connection, on another thread, so
/// the server works on it while the first connection runs something else
/// (on two cores, the history's contact rows cost no wall time beside its
/// sales rows). The rows are kept as they arrive and handed over by `rows`.
///
/// The second connection reads committed data, as each statement of the
/// first one does (READ COMMITTED): the same data under the warehouse lock.
final class CopyAside: @unchecked Sendable {
    private var bytes: [UInt8] = []
    /// Row k is bytes[ends[k − 1] ..< ends[k]].
    private var ends: [Int] = []
    private var failure: Error?
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `sql` on a new connection like `connection`; nil when none can
    /// be opened (the caller then runs the statement itself).
    init?(sql: String, like connection: Connection) {
        let other: Connection
        do {
            other = try Connection(connection.connectionString)
            try other.execute("begin read only")
            try HistorySession.tune(other)
        } catch {
            return nil
        }
        DispatchQueue.global().async {
            do {
                try other.copyTo(sql) { row in
                    self.bytes.append(contentsOf: row)
                    self.ends.append(self.bytes.count)
                }
                try other.execute("commit")
            } catch {
                self.failure = error
            }
            self.finished.signal()
        }
    }

    /// Waits for the copy to end, then passes each row to `body` in order.
    /// - Throws: the copy's error, or `body`'s.
    func rows(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        finished.wait()
        if let failure { throw failure }
        var start = 0
        try bytes.withUnsafeBytes { all in
            for end in ends {
                try body(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
    }
}
