import Foundation
import Warehouse

/// Writes a file so readers see the old content or the new, never half:
/// created exclusively (never through a planted link) as a hidden temporary
/// in the same directory, synced, then renamed over. Mode 0600 unless told
/// otherwise: reports and exports can hold customer data.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String, mode: mode_t = ExclusiveFile.privateMode) throws {
        let file = try ExclusiveFile(target: URL(fileURLWithPath: path), mode: mode)
        try file.write([UInt8](data))
        try file.commit()
    }

    public static func write(_ text: String, to path: String, mode: mode_t = ExclusiveFile.privateMode) throws {
        try write(Data(text.utf8), to: path, mode: mode)
    }
}
