#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A feed file opened once: every read of it (the reader, the checksum)
/// goes through this one descriptor, so what is hashed is exactly what is
/// loaded, even if the name is swapped meanwhile. Only a regular file is
/// taken; with `followSymlinks` false (the nightly inbox) a symbolic link is
/// refused rather than followed. Reads stop at the size the file had when it
/// was opened; ``hasChanged()`` tells whether it grew or shrank since.
public final class FeedFile: @unchecked Sendable {
    public let path: String
    /// Bytes when opened: the extent every read covers.
    public let size: Int64
    let descriptor: Int32
    private let modified: timespec

    public init(path: String, followSymlinks: Bool = true) throws {
        self.path = path
        // O_NONBLOCK: opening a FIFO must not hang the run; fstat refuses it below.
        var flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK
        if !followSymlinks { flags |= O_NOFOLLOW }
        let fd = open(path, flags)
        if fd < 0 {
            let reason = errno == ELOOP ? "is a symbolic link, which is not followed" : String(cString: strerror(errno))
            let code: FeedReadError.Code = errno == ENOENT ? .fileNotFound : .unreadable
            throw FeedReadError(code: code, file: path, message: "cannot open file: \(reason)")
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw FeedReadError(code: .unreadable, file: path, message: "cannot stat file: \(reason)")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            let kind = (info.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file (a FIFO, socket or device)"
            throw FeedReadError(code: .unreadable, file: path, message: "is \(kind), not a feed file")
        }
        descriptor = fd
        size = Int64(info.st_size)
        modified = info.st_mtim
    }

    deinit {
        close(descriptor)
    }

    /// Reads up to `buffer.count` bytes at `offset`, never past ``size``.
    func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let want = Int(min(Int64(buffer.count), size - offset))
        guard want > 0, let base = buffer.baseAddress else { return 0 }
        while true {
            let count = pread(descriptor, base, want, off_t(offset))
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw FeedReadError(code: .unreadable, file: path, message: "read failed: \(String(cString: strerror(errno)))")
        }
    }

    /// Calls `body` with the file's bytes in order, in chunks of `chunk` bytes.
    public func forEachChunk(size chunk: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: chunk)
        var offset: Int64 = 0
        while true {
            let count = try buffer.withUnsafeMutableBytes { try read(at: offset, into: $0) }
            if count == 0 { return }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0.prefix(count))) }
            offset += Int64(count)
        }
    }

    /// Whether the file's size or modification time differs from when it
    /// was opened: a file still being written must not be loaded as a prefix.
    public func hasChanged() -> Bool {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return true }
        return Int64(info.st_size) != size || info.st_mtim.tv_sec != modified.tv_sec || info.st_mtim.tv_nsec != modified.tv_nsec
    }
}
