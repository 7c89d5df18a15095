import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file written safely: created exclusively (`mkstemp`: `O_CREAT|O_EXCL`,
/// mode 0600, so no symlink or existing file is ever followed or truncated)
/// as a hidden temporary in the target's own directory, then renamed over
/// the target in one step, or removed if anything fails. Files holding
/// personal data (rejects, exports) stay 0600 unless `mode` says otherwise.
public final class ExclusiveFile {
    /// Mode of files crmwh writes that may hold personal data.
    public static let privateMode: mode_t = 0o600

    public let target: URL
    private(set) var temporaryPath: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var done = false

    public init(target: URL, mode: mode_t = ExclusiveFile.privateMode) throws {
        self.target = target
        let directory = target.deletingLastPathComponent()
        var template = Array(directory.appendingPathComponent(".\(target.lastPathComponent).XXXXXX").path.utf8CString)
        descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            throw WarehouseError(.load, "cannot create a temporary file in \(directory.path): \(String(cString: strerror(errno)))")
        }
        temporaryPath = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        if mode != Self.privateMode { fchmod(descriptor, mode) }
    }

    deinit {
        discard()
    }

    public func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                throw WarehouseError(.load, "cannot write \(target.path): \(reason)")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes out what is buffered and syncs it to disk.
    public func sync() throws {
        do {
            try flush()
            guard fsync(descriptor) == 0 else {
                throw WarehouseError(.load, "cannot write \(target.path): \(String(cString: strerror(errno)))")
            }
        } catch {
            discard()
            throw error
        }
    }

    /// Flushes, syncs and renames the file into place; returns its path.
    @discardableResult
    public func commit() throws -> String {
        try sync()
        do {
            close(descriptor)
            descriptor = -1
            guard rename(temporaryPath, target.path) == 0 else {
                throw WarehouseError(.load, "cannot write \(target.path): \(String(cString: strerror(errno)))")
            }
            done = true
            return target.path
        } catch {
            discard()
            throw error
        }
    }

    /// Removes the temporary file (nothing happens after a commit).
    public func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        if !done {
            unlink(temporaryPath)
            done = true
        }
    }
}
