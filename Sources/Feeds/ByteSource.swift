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

/// A feed file read with pread(2) from its one descriptor: no buffering of
/// its own, the reader's chunk buffer is the only copy.
final class FileByteSource: ByteSource {
    private let file: FeedFile
    private var offset: Int64 = 0

    init(file: FeedFile) {
        self.file = file
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try file.read(at: offset, into: buffer)
        offset += Int64(count)
        return count
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
