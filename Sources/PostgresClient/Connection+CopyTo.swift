import CLibPQ

extension Connection {
    /// Streams `COPY … TO STDOUT`: `chunk` receives each row as the server
    /// sends it (text, CSV or binary as the statement says).
    /// Returns the number of rows copied.
    @discardableResult
    public func copyTo(_ sql: String, _ chunk: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        let start = QueryResult(PQexec(handle, sql), connection: self)
        guard start.status == PGRES_COPY_OUT else {
            try start.check()
            throw PostgresError(kind: .usage, message: "statement did not start COPY TO STDOUT: \(sql)")
        }
        var failure: Error?
        while true {
            var data: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &data, 0)
            if length > 0, let data {
                defer { PQfreemem(data) }
                // Keep reading after a consumer error so the protocol stays in sync.
                if failure == nil {
                    do { try chunk(UnsafeRawBufferPointer(start: data, count: Int(length))) } catch { failure = error }
                }
            } else if length == -1 {
                break
            } else {
                let error = lastError(kind: .copy)
                drainResults()
                throw error
            }
        }
        let rows = try finishCopy()
        if let failure { throw failure }
        return rows
    }
}
