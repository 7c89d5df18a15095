#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes a reader pulls in chunks: a plain file, a gzip stream,
/// or a transcoder in front of either.
protocol ByteSource: AnyObject {
    /// Fills up to `buffer.count` bytes; returns 0 only at the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A file read with read(2): no buffering of its own, the reader's chunk
/// buffer is the only copy.
final class FileByteSource: ByteSource {
    let path: String
    private var descriptor: Int32

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY)
        if descriptor < 0 {
            let reason = String(cString: strerror(errno))
            let code: FeedReadError.Code = errno == ENOENT ? .fileNotFound : .unreadable
            throw FeedReadError(code: code, file: path, message: "cannot open file: \(reason)")
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            descriptor = -1
            throw FeedReadError(code: .unreadable, file: path, message: "is a directory, not a feed file")
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            #if canImport(Glibc)
            let count = Glibc.read(descriptor, base, buffer.count)
            #else
            let count = Darwin.read(descriptor, base, buffer.count)
            #endif
            if count >= 0 { return count }
            if errno == EINTR { continue }
            let reason = String(cString: strerror(errno))
            throw FeedReadError(code: .unreadable, file: path, message: "read failed: \(reason)")
        }
    }
}

/// Bytes already in memory; used for tests and for data that arrives whole.
final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { all in
            buffer.baseAddress!.copyMemory(from: all.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
