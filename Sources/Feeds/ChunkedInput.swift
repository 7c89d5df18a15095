#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The sliding window a reader parses from. Bytes arrive in chunks straight
/// into one buffer; the unparsed tail (a record cut by the chunk boundary) is
/// moved to the front before the next read, and the buffer only grows when a
/// single record is longer than what it holds. Memory is therefore about
/// `chunkSize` plus the longest record, whatever the file size.
final class ChunkedInput {
    let path: String
    let chunkSize: Int
    private let source: ByteSource
    @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// First byte not consumed yet (the start of the record being parsed).
    @exclusivity(unchecked) var start = 0
    /// One past the last valid byte.
    @exclusivity(unchecked) private(set) var end = 0
    @exclusivity(unchecked) private(set) var atEOF = false
    /// Bytes delivered by the source so far (after decompression and transcoding).
    private(set) var totalBytes = 0
    private var lastByte: UInt8 = 10

    /// True when the stream is not empty and its last byte is not LF (a last
    /// line without a newline still counts as a line).
    var endsWithoutLineFeed: Bool { totalBytes > 0 && lastByte != 10 }

    init(source: ByteSource, path: String, chunkSize: Int) {
        self.source = source
        self.path = path
        self.chunkSize = max(chunkSize, 1)
        capacity = max(self.chunkSize * 2, 64)
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deallocate()
    }

    /// Moves the unconsumed bytes to the front and reads one more chunk.
    /// Returns false at the end of the stream. Offsets held by the caller are
    /// invalid afterwards: parsing restarts from `start`, which becomes 0.
    @discardableResult
    func fill() throws -> Bool {
        if atEOF { return false }
        if start > 0 {
            let kept = end - start
            if kept > 0 { memmove(base, base + start, kept) }
            end = kept
            start = 0
        }
        // Read at least as much as is kept, so a record that spans many chunks
        // is re-parsed a logarithmic number of times, not once per chunk.
        let wanted = max(chunkSize, end)
        if capacity - end < wanted {
            let newCapacity = max(capacity * 2, end + wanted)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            grown.update(from: base, count: end)
            base.deallocate()
            base = grown
            capacity = newCapacity
        }
        var added = 0
        while added < wanted {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(start: base + end, count: min(chunkSize, wanted - added)))
            if count == 0 {
                if added == 0 {
                    atEOF = true
                    return false
                }
                break
            }
            end += count
            added += count
            totalBytes += count
            lastByte = base[end - 1]
        }
        return true
    }

    /// Fills until at least `count` unconsumed bytes are buffered or the stream ends.
    func ensure(_ count: Int) throws {
        while end - start < count, try fill() {}
    }

    /// The offset of the next LF at or after `offset`, or nil if none is buffered.
    func nextLineFeed(from offset: Int) -> Int? {
        guard offset < end else { return nil }
        guard let found = memchr(base + offset, 10, end - offset) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The offset of the last LF in [notBefore, before), or nil.
    func lastLineFeed(before offset: Int, notBefore start: Int) -> Int? {
        var index = min(offset, end) - 1
        while index >= start {
            if base[index] == 10 { return index }
            index -= 1
        }
        return nil
    }

    /// Drops bytes up to and including the next LF, reading as far as needed
    /// without keeping what it skips. Returns false if the stream ended first.
    func discardThroughLineFeed() throws -> Bool {
        while true {
            if let lineFeed = nextLineFeed(from: start) {
                start = lineFeed + 1
                return true
            }
            start = end
            if try !fill() { return false }
        }
    }

    /// A copy of buffered bytes, for rejects.
    func copy(from: Int, to: Int) -> [UInt8] {
        guard to > from else { return [] }
        return Array(UnsafeBufferPointer(start: base + from, count: to - from))
    }

    /// Number of LF bytes in [from, to).
    func countLineFeeds(from: Int, to: Int) -> Int {
        var count = 0
        var offset = from
        while offset < to, let found = memchr(base + offset, 10, to - offset) {
            count += 1
            offset = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return count
    }
}
