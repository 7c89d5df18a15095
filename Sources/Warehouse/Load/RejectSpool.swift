import Foundation
import Pipeline

#if canImport(Glibc)
    import Glibc
#endif

/// An unnamed temporary file holding a file's reject entries until they are
/// copied into `etl.reject`: length-prefixed fields, written and read back
/// sequentially, so memory stays flat however many records are rejected.
final class RejectSpool {
    private let descriptor: Int32
    private var writeBuffer: [UInt8] = []
    private var written: Int64 = 0

    init() throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("crmwh-rejects-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw WarehouseError(.load, "cannot create a temporary rejects spool: \(String(cString: strerror(errno)))")
        }
        // Unlinked at once: the data lives only as long as this descriptor.
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }

    func append(_ entry: RejectedRecord) throws {
        appendInt(Int64(entry.recordNumber))
        appendInt(Int64(entry.line))
        appendString(entry.severity.rawValue)
        appendString(entry.field)
        appendString(entry.value)
        appendString(entry.rule)
        appendString(entry.reason)
        appendString(entry.raw)
        if writeBuffer.count >= 1 << 16 { try flush() }
    }

    private func appendInt(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { writeBuffer.append(contentsOf: $0) }
    }

    private func appendString(_ text: String?) {
        guard let text else { return appendInt(-1) }
        let bytes = Array(text.utf8)
        appendInt(Int64(bytes.count))
        writeBuffer.append(contentsOf: bytes)
    }

    private func flush() throws {
        var offset = 0
        while offset < writeBuffer.count {
            let n = writeBuffer.withUnsafeBytes { pwrite(descriptor, $0.baseAddress! + offset, $0.count - offset, off_t(written)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw WarehouseError(.load, "cannot write the temporary rejects spool: \(String(cString: strerror(errno)))")
            }
            offset += n
            written += Int64(n)
        }
        writeBuffer.removeAll(keepingCapacity: true)
    }

    /// Reads every entry back, in order (may be called more than once).
    func forEach(_ body: (RejectedRecord) throws -> Void) throws {
        try flush()
        var reader = SpoolReader(descriptor: descriptor, end: written)
        while reader.hasMore {
            let recordNumber = try reader.int(), line = try reader.int()
            let severity = IssueSeverity(rawValue: try reader.string() ?? "") ?? .reject
            let field = try reader.string(), value = try reader.string()
            let rule = try reader.string() ?? "", reason = try reader.string() ?? "", raw = try reader.string() ?? ""
            try body(RejectedRecord(
                recordNumber: Int(recordNumber), line: Int(line), severity: severity, field: field, value: value,
                rule: rule, reason: reason, raw: raw))
        }
    }
}

/// Buffered sequential reads of the spool.
private struct SpoolReader {
    let descriptor: Int32
    let end: Int64
    var offset: Int64 = 0
    var buffer: [UInt8] = []
    var position = 0

    init(descriptor: Int32, end: Int64) {
        self.descriptor = descriptor
        self.end = end
    }

    var hasMore: Bool { position < buffer.count || offset < end }

    mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        while buffer.count - position < count {
            buffer.removeSubrange(0..<position)
            position = 0
            let want = Int(min(Int64(max(count, 1 << 16)), end - offset))
            guard want > 0 else { throw WarehouseError(.load, "the temporary rejects spool ended early") }
            var chunk = [UInt8](repeating: 0, count: want)
            let n = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, want, off_t(offset)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw WarehouseError(.load, "cannot read the temporary rejects spool") }
            buffer.append(contentsOf: chunk[0..<n])
            offset += Int64(n)
        }
        defer { position += count }
        return buffer[position..<(position + count)]
    }

    mutating func int() throws -> Int64 {
        let bytes = try take(8)
        var value: Int64 = 0
        for (index, byte) in bytes.enumerated() { value |= Int64(byte) << (8 * index) }
        return value
    }

    mutating func string() throws -> String? {
        let length = try int()
        if length < 0 { return nil }
        return String(decoding: try take(Int(length)), as: UTF8.self)
    }
}
