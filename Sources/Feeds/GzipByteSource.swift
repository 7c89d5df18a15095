import CZlib

/// Inflates a gzip stream (RFC 1952) while it is read, so a `.gz` feed is never
/// unpacked to disk or held whole in memory. Concatenated members, as written
/// by `cat a.gz b.gz` or parallel compressors, are read one after the other.
final class GzipByteSource: ByteSource {
    private let inner: ByteSource
    private let path: String
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutablePointer<UInt8>
    private let inputCapacity = 256 * 1024
    private var inputAtEnd = false
    private var memberFinished = false
    private var compressedOffset = 0

    init(inner: ByteSource, path: String) throws {
        self.inner = inner
        self.path = path
        // zlib keeps a pointer back to its z_stream and checks it on every
        // call, so the struct must live at a fixed address.
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(capacity: inputCapacity)
        // 16 + MAX_WBITS: expect a gzip header and trailer, not raw zlib.
        let status = inflateInit2_(stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        if status != Z_OK {
            stream.deallocate()
            input.deallocate()
            throw FeedReadError(code: .corruptCompression, file: path, message: "cannot start gzip decoder (zlib status \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        stream.pointee.next_out = base.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 && !inputAtEnd {
                try refillInput()
            }
            if memberFinished {
                // A finished member followed by more bytes starts another member.
                guard stream.pointee.avail_in > 0 else { break }
                inflateReset(stream)
                memberFinished = false
            }
            if stream.pointee.avail_in == 0 && inputAtEnd {
                let produced = buffer.count - Int(stream.pointee.avail_out)
                if produced > 0 { return produced }
                throw failure("gzip stream is truncated: the file ends inside compressed data")
            }
            let before = stream.pointee.avail_in
            let status = inflate(stream, Z_NO_FLUSH)
            compressedOffset += Int(before - stream.pointee.avail_in)
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                memberFinished = true
                if stream.pointee.avail_in == 0 && !inputAtEnd { try refillInput() }
                if stream.pointee.avail_in == 0 { return buffer.count - Int(stream.pointee.avail_out) }
            case Z_BUF_ERROR:
                // No progress possible with what we have; ask for more input.
                if inputAtEnd && stream.pointee.avail_in == 0 {
                    throw failure("gzip stream is truncated: the file ends inside compressed data")
                }
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                throw failure("unreadable gzip data near compressed byte \(compressedOffset): \(detail)")
            }
        }
        return buffer.count - Int(stream.pointee.avail_out)
    }

    private func refillInput() throws {
        let count = try inner.read(into: UnsafeMutableRawBufferPointer(start: input, count: inputCapacity))
        if count == 0 { inputAtEnd = true }
        stream.pointee.next_in = input
        stream.pointee.avail_in = UInt32(count)
    }

    private func failure(_ message: String) -> FeedReadError {
        FeedReadError(code: .corruptCompression, file: path, message: message)
    }
}
