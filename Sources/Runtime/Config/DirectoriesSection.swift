import Foundation
import Warehouse
import Yams

/// `directories:` — where the nightly run finds files, and where it moves
/// and writes them. Relative paths in the file resolve against the config
/// file's directory, so a cron job's working directory does not matter.
public struct DirectoriesSection: Equatable {
    public var inbox: URL
    public var archive: URL
    public var error: URL
    public var output: URL

    public static let keys = ["inbox", "archive", "error", "output"]

    /// The defaults: `inbox/`, `archive/`, `error/` and `out/` under `base`.
    public init(base: URL) {
        inbox = Self.resolve("inbox", against: base)
        archive = Self.resolve("archive", against: base)
        error = Self.resolve("error", against: base)
        output = Self.resolve("out", against: base)
    }

    public init(yaml node: Node, base: URL, reader: ConfigReader) throws {
        self.init(base: base)
        let values = try reader.mapping("directories", node, known: Self.keys)
        for (key, path) in Self.keyPaths {
            guard let node = values[key] else { continue }
            let text = try reader.string("directories.\(key)", node)
            guard !text.isEmpty else { throw reader.error("directories.\(key)", node, "must name a directory") }
            self[keyPath: path] = Self.resolve(text, against: base)
        }
    }

    public static let keyPaths: [(String, WritableKeyPath<DirectoriesSection, URL>)] = [
        ("inbox", \.inbox), ("archive", \.archive), ("error", \.error), ("output", \.output),
    ]

    /// Creates the archive, error and output directories if missing. The
    /// inbox is not created: a missing inbox usually means a wrong path, and
    /// the run should say so rather than find nothing to load.
    public func createWorkDirectories() throws {
        for directory in [archive, error, output] {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw WarehouseError(.configuration, "cannot create \(directory.path): \(error.localizedDescription)")
            }
        }
    }

    /// An absolute path (or `~/…`) as is; anything else below `base`.
    public static func resolve(_ path: String, against base: URL) -> URL {
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return URL(fileURLWithPath: expanded).standardizedFileURL }
        return base.appendingPathComponent(expanded).standardizedFileURL
    }
}
