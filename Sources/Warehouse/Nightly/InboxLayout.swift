import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The directories of a nightly run: new files wait in `inbox`, loaded (or
/// already loaded) ones move to `archive`, refused or failed ones to
/// `error` with their rejects beside them; reports and exports go to `output`.
public struct InboxLayout: Sendable {
    public var inbox: URL
    public var archive: URL
    public var error: URL
    public var output: URL

    public init(inbox: URL, archive: URL, error: URL, output: URL) {
        self.inbox = inbox
        self.archive = archive
        self.error = error
        self.output = output
    }

    /// Moves `path` into `directory`, keeping its name; a name already taken
    /// gets a numeric suffix so nothing is overwritten. No check-then-move:
    /// link(2) fails on a taken name by itself (EEXIST), atomically, and the
    /// next suffix is tried; the original name is removed only once linked.
    @discardableResult
    public func move(_ path: String, to directory: URL) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = URL(fileURLWithPath: path).lastPathComponent
        for attempt in 0..<10_000 {
            let target = directory.appendingPathComponent(attempt == 0 ? name : "\(name).\(attempt)").path
            if link(path, target) == 0 {
                guard unlink(path) == 0 else { throw Self.failure("remove \(path) after linking it to \(target)") }
                return target
            }
            switch errno {
            case EEXIST: continue
            case EXDEV, EPERM, ENOTSUP:
                // Another file system, or one without hard links: copy, then remove.
                return try moveAcross(path, to: target, directory: directory, name: name)
            default: throw Self.failure("move \(path) to \(target)")
            }
        }
        throw WarehouseError(.load, "cannot move \(path): 10,000 files of that name in \(directory.path)")
    }

    /// The fallback across file systems: copyItem refuses an existing target.
    private func moveAcross(_ path: String, to first: String, directory: URL, name: String) throws -> String {
        var target = first
        var attempt = 1
        while true {
            do {
                try FileManager.default.copyItem(atPath: path, toPath: target)
                try FileManager.default.removeItem(atPath: path)
                return target
            } catch CocoaError.fileWriteFileExists {
                target = directory.appendingPathComponent("\(name).\(attempt)").path
                attempt += 1
            }
        }
    }

    private static func failure(_ what: String) -> WarehouseError {
        WarehouseError(.load, "cannot \(what): \(String(cString: strerror(errno)))")
    }
}
