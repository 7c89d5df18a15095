import Feeds
import Foundation

/// A file's fingerprint, possibly still being computed on another thread.
/// A file no loaded file matches in size cannot be a repeat, so its SHA-256
/// is worked out while the load runs instead of in a pass before it.
final class PendingFingerprint: @unchecked Sendable {
    private var result: Result<FileFingerprint, Error>?
    private let done = DispatchSemaphore(value: 0)

    /// Already known.
    init(_ fingerprint: FileFingerprint) {
        result = .success(fingerprint)
        done.signal()
    }

    /// Computed in the background from now on.
    init(computing file: FeedFile) {
        Thread.detachNewThread { [self] in
            result = Result { try FileFingerprint(file: file) }
            done.signal()
        }
    }

    /// Waits for the fingerprint if it is not ready yet.
    func value() throws -> FileFingerprint {
        done.wait()
        defer { done.signal() }
        return try result!.get()
    }
}
