import CLibPQ

/// Asks the server to cancel the statement a connection is running, from
/// any thread (a signal watcher): libpq's PQcancel is safe to call while
/// the connection's own thread waits for that statement, which then fails
/// with 57014 (query_canceled) and its transaction rolls back.
public final class CancelHandle: @unchecked Sendable {
    private let cancel: OpaquePointer?

    init(connection handle: OpaquePointer) {
        cancel = PQgetCancel(handle)
    }

    deinit {
        if let cancel { PQfreeCancel(cancel) }
    }

    /// Sends the cancel request; false when it could not be sent.
    @discardableResult
    public func send() -> Bool {
        guard let cancel else { return false }
        var message = [CChar](repeating: 0, count: 256)
        return PQcancel(cancel, &message, Int32(message.count)) == 1
    }
}

extension Connection {
    /// A handle that cancels this connection's statement in flight.
    public func cancelHandle() -> CancelHandle {
        CancelHandle(connection: handle)
    }
}
