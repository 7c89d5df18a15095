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

    /// The files under `inbox` matching `pattern` (a glob relative to the
    /// inbox, e.g. `transactions*.csv*` or `shop/*.csv`), sorted by name so
    /// that date-stamped files load in order.
    public func files(matching pattern: String) -> [String] {
        let full = inbox.appendingPathComponent(pattern).path
        var matches = glob_t()
        defer { globfree(&matches) }
        guard glob(full, 0, nil, &matches) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(matches.gl_pathc) {
            if let path = matches.gl_pathv[index].map({ String(cString: $0) }), !path.hasSuffix(".rejects.csv") {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    paths.append(path)
                }
            }
        }
        return paths.sorted()
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
