import Feeds
import Foundation

/// SHA-256 and size of a file's bytes, read in chunks (memory stays flat)
/// through the same descriptor and up to the same size as its reader.
struct FileFingerprint {
    let sha256: String
    let bytes: Int

    init(file: FeedFile) throws {
        var hasher = SHA256Digest()
        var total = 0
        try file.forEachChunk { chunk in
            hasher.update(chunk)
            total += chunk.count
        }
        sha256 = hasher.finalizeHex()
        bytes = total
    }
}
