import CLibPQ

extension Connection {
    /// Streams data into `COPY … FROM STDIN` (text, CSV or binary: the
    /// statement decides). `body` writes through the `CopyWriter`; if it
    /// throws, the COPY is aborted and nothing it sent is kept.
    /// Returns the number of rows the server stored.
    @discardableResult
    public func copyFrom(_ sql: String, _ body: (CopyWriter) throws -> Void) throws -> Int {
        let writer = try beginCopy(sql)
        do {
            try body(writer)
        } catch {
            abortCopy(writer)
            throw error
        }
        return try endCopy(writer)
    }

    /// Starts `COPY … FROM STDIN` and returns its writer, for a caller that
    /// ends one COPY and starts another while it streams (one connection
    /// runs one COPY at a time). Every COPY begun ends in `endCopy` or
    /// `abortCopy` before the connection runs anything else.
    public func beginCopy(_ sql: String, queueDepth: Int = 4) throws -> CopyWriter {
        let start = QueryResult(PQexec(handle, sql), connection: self)
        guard start.status == PGRES_COPY_IN else {
            try start.check()
            throw PostgresError(kind: .usage, message: "statement did not start COPY FROM STDIN: \(sql)")
        }
        return CopyWriter(connection: self, depth: queueDepth)
    }

    /// Sends what `writer` holds and ends its COPY; returns the number of
    /// rows the server stored. On failure the COPY is aborted.
    @discardableResult
    public func endCopy(_ writer: CopyWriter) throws -> Int {
        do {
            try writer.finish()
        } catch {
            abortCopy(writer)
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else {
            let error = lastError(kind: .copy)
            drainResults()
            throw error
        }
        return try finishCopy()
    }

    /// Ends the COPY under way and starts `sql`, another COPY FROM STDIN.
    func switchCopy(to sql: String) throws {
        guard PQputCopyEnd(handle, nil) == 1 else {
            let error = lastError(kind: .copy)
            drainResults()
            throw error
        }
        _ = try finishCopy()
        let start = QueryResult(PQexec(handle, sql), connection: self)
        guard start.status == PGRES_COPY_IN else {
            try start.check()
            throw PostgresError(kind: .usage, message: "statement did not start COPY FROM STDIN: \(sql)")
        }
    }

    /// Aborts `writer`'s COPY: the server rolls back all it stored.
    public func abortCopy(_ writer: CopyWriter) {
        writer.stopSender()
        _ = PQputCopyEnd(handle, "aborted by client")
        drainResults()
    }

    /// Reads the results that follow a COPY; the first error wins.
    func finishCopy() throws -> Int {
        var rows = 0
        var failure: PostgresError?
        while let next = PQgetResult(handle) {
            let result = QueryResult(next, connection: self)
            if result.status == PGRES_COMMAND_OK {
                rows = result.affectedRows
            } else if failure == nil {
                failure = result.error(kind: .server)
            }
        }
        if let failure { throw failure }
        return rows
    }

    func drainResults() {
        while let next = PQgetResult(handle) { PQclear(next) }
    }
}

/// Buffers COPY data and hands it to libpq in large chunks; once there is
/// more than one chunk, a `CopySender` sends them while the next is filled.
public final class CopyWriter {
    private unowned let connection: Connection
    private var buffer: [UInt8] = []
    private let chunkSize = 1 << 18
    private var sender: CopySender?
    /// Chunks the sender may hold queued.
    private let depth: Int
    public private(set) var bytesSent = 0

    init(connection: Connection, depth: Int = 4) {
        self.connection = connection
        self.depth = depth
        buffer.reserveCapacity(chunkSize + 4096)
    }

    /// Appends raw bytes (binary COPY, or text already encoded as UTF-8).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= chunkSize { try flush() }
    }

    public func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= chunkSize { try flush() }
    }

    /// Appends a string as UTF-8: its byte count, not its character count.
    public func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= chunkSize { try flush() }
    }

    /// Gives direct access to the pending buffer so encoders can append
    /// without intermediate arrays; flushes when it grows past a chunk.
    public func append(_ body: (inout [UInt8]) throws -> Void) throws {
        try body(&buffer)
        if buffer.count >= chunkSize { try flush() }
    }

    /// Passes the buffer on to be sent.
    public func flush() throws {
        guard !buffer.isEmpty else { return }
        bytesSent += buffer.count
        buffer = try startedSender().submit(buffer)
    }

    /// Ends this COPY once what was written before is sent, and starts
    /// `sql`, another `COPY … FROM STDIN`, without waiting for either: the
    /// server's reply is checked on the sending thread, and a failure is
    /// thrown by a later write or by `endCopy`. The caller writes the new
    /// COPY's header (and ended the old one's data with its trailer).
    public func switchCopy(to sql: String) throws {
        try flush()
        try startedSender().submitSwitch { [connection] in try connection.switchCopy(to: sql) }
    }

    private func startedSender() -> CopySender {
        if let sender { return sender }
        let handle = connection.handle
        let started = CopySender(handle: handle, depth: depth) { [connection] in connection.lastError(kind: .copy) }
        sender = started
        return started
    }

    /// Sends what is left and waits until all of it is with libpq.
    func finish() throws {
        if let sender {
            try flush()
            self.sender = nil
            try sender.finish()
        } else {
            try sendNow()
        }
    }

    /// Stops the sender, if any, ignoring its failure (the COPY is being
    /// aborted and the error that caused it is the one to report).
    func stopSender() {
        try? sender?.finish()
        sender = nil
    }

    private func sendNow() throws {
        guard !buffer.isEmpty else { return }
        let status = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                PQputCopyData(connection.handle, $0.baseAddress, Int32($0.count))
            }
        }
        guard status == 1 else { throw connection.lastError(kind: .copy) }
        bytesSent += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
