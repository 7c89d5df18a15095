import Foundation

/// SHA-256 and size of a file's bytes, read in chunks (memory stays flat).
struct FileFingerprint {
    let sha256: String
    let bytes: Int

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw WarehouseError(.load, "cannot open \(path)")
        }
        defer { try? handle.close() }
        var hasher = SHA256Digest()
        var total = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hasher.update($0) }
            total += chunk.count
        }
        sha256 = hasher.finalizeHex()
        bytes = total
    }
}
