import Foundation
import PostgresClient

#if canImport(Glibc)
    import Glibc
#endif

/// A binary COPY body collected while another COPY is streaming, to send
/// once that one has ended (one connection runs one COPY at a time): the
/// keys of the order lines copied straight into the facts, say. It stays in
/// memory up to `memoryLimit`, then goes on in a temporary file created
/// exclusively (`mkstemp`: mode 0600) and unlinked at once, so no other
/// process can open it and nothing of it outlives the load; memory stays
/// bounded whatever the size of the file being loaded.
final class CopySpool {
    private var buffer: [UInt8] = []
    private var descriptor: Int32 = -1
    private let memoryLimit: Int
    /// Rows appended so far.
    private(set) var rows = 0

    init(memoryLimit: Int = 8 << 20) {
        self.memoryLimit = memoryLimit
        BinaryCopy.appendHeader(to: &buffer)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends one row; `body` writes its fields (`BinaryCopy.beginRow` first).
    func append(_ body: (inout [UInt8]) -> Void) throws {
        body(&buffer)
        rows += 1
        if buffer.count >= memoryLimit { try spill() }
    }

    /// Sends the whole body through `writer`: header, rows and, unless the
    /// caller goes on with rows of its own, the trailer. Sent once.
    func send(to writer: CopyWriter, trailer: Bool = true) throws {
        if trailer { BinaryCopy.appendTrailer(to: &buffer) }
        guard descriptor >= 0 else {
            try writer.write(buffer)
            return
        }
        try spill()
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw Self.failure("rewind") }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure("read")
            }
            if count == 0 { return }
            try chunk.withUnsafeBytes { try writer.write(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    /// Moves the buffer to the temporary file, creating it on first use.
    private func spill() throws {
        if descriptor < 0 {
            var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("crmwh-spool.XXXXXX").utf8CString)
            descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw Self.failure("create") }
            unlink(String(cString: template.withUnsafeBufferPointer { $0.baseAddress! }))
        }
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure("write")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private static func failure(_ action: String) -> WarehouseError {
        WarehouseError(
            .load, "cannot \(action) a temporary spool file in \(NSTemporaryDirectory()): \(String(cString: strerror(errno)))")
    }
}
