import CLibPQ
import Foundation

/// Hands COPY chunks to libpq on a thread of its own, a few chunks behind
/// the thread that encodes them. Sending from the encoding thread made the
/// two sides take turns: the client stalled in a full socket while the
/// server worked, then the server idled while the client encoded the next
/// chunk. While a sender runs, only it touches the connection. It can also
/// end the COPY under way and start the next (`submitSwitch`), so the encoder
/// goes on while the server finishes one COPY and begins another.
final class CopySender: @unchecked Sendable {
    private enum Item {
        case chunk([UInt8])
        case switchCopy(() throws -> Void)
    }

    private let handle: OpaquePointer
    private let depth: Int
    private let condition = NSCondition()
    private var queue: [Item] = []
    private var spare: [[UInt8]] = []
    private var failure: PostgresError?
    private var closed = false
    private var finished = false
    /// Reads the connection's error message on failure.
    private let describeFailure: () -> PostgresError

    init(handle: OpaquePointer, depth: Int = 4, describeFailure: @escaping () -> PostgresError) {
        self.handle = handle
        self.depth = depth
        self.describeFailure = describeFailure
        let thread = Thread { [self] in run() }
        thread.name = "crmwh COPY sender"
        thread.start()
    }

    /// Queues `chunk` and returns an empty buffer to fill next; waits while
    /// `depth` chunks are already queued. Throws the sender's failure.
    func submit(_ chunk: [UInt8]) throws -> [UInt8] {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && failure == nil { condition.wait() }
        if let failure { throw failure }
        queue.append(.chunk(chunk))
        condition.broadcast()
        return spare.popLast() ?? {
            var fresh: [UInt8] = []
            fresh.reserveCapacity(chunk.capacity)
            return fresh
        }()
    }

    /// Queues `body`, run on the sender's thread once the chunks before it
    /// are sent: it ends the COPY and starts the next. Throws the sender's failure.
    func submitSwitch(_ body: @escaping () throws -> Void) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= depth && failure == nil { condition.wait() }
        if let failure { throw failure }
        queue.append(.switchCopy(body))
        condition.broadcast()
    }

    /// Waits until every queued chunk is sent and the thread has ended;
    /// throws the first failure.
    func finish() throws {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        condition.broadcast()
        while !finished { condition.wait() }
        if let failure { throw failure }
    }

    private func run() {
        condition.lock()
        while true {
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty || failure != nil { break }
            let item = queue.removeFirst()
            condition.unlock()
            switch item {
            case .chunk(var chunk):
                let status = chunk.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
                }
                condition.lock()
                if status != 1 {
                    failure = describeFailure()
                    queue.removeAll()
                }
                chunk.removeAll(keepingCapacity: true)
                spare.append(chunk)
            case .switchCopy(let body):
                var switchFailure: PostgresError?
                do { try body() } catch let thrown as PostgresError { switchFailure = thrown } catch {
                    switchFailure = PostgresError(kind: .copy, message: "\(error)")
                }
                condition.lock()
                if let switchFailure {
                    failure = switchFailure
                    queue.removeAll()
                }
            }
            condition.broadcast()
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
