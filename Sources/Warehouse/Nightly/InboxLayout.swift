import Foundation

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
    /// gets a numeric suffix so nothing is overwritten.
    @discardableResult
    public func move(_ path: String, to directory: URL) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = URL(fileURLWithPath: path).lastPathComponent
        var target = directory.appendingPathComponent(name)
        var attempt = 1
        while FileManager.default.fileExists(atPath: target.path) {
            target = directory.appendingPathComponent("\(name).\(attempt)")
            attempt += 1
        }
        try FileManager.default.moveItem(atPath: path, toPath: target.path)
        return target.path
    }
}
