import Feeds
import Foundation
import Warehouse
import Yams

extension CRMWHConfig {
    public static let keys = ["database", "home", "warehouse", "directories", "feeds", "analysis", "exports", "simulations"]

    /// Reads the config at `path` (nil: `config/crmwh.yaml` in the working
    /// directory if there is one, else the built-in defaults) and applies
    /// the `CRMWH_*` overrides from `environment`. Any mistake throws
    /// `WarehouseError(.configuration, …)` naming the file and key (exit 2).
    public static func load(
        path: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) throws -> CRMWHConfig {
        var config: CRMWHConfig
        if let path {
            config = try parse(file: DirectoriesSection.resolve(path, against: workingDirectory), shownAs: path)
        } else {
            let candidate = workingDirectory.appendingPathComponent(defaultPath)
            if FileManager.default.fileExists(atPath: candidate.path) {
                config = try parse(file: candidate, shownAs: defaultPath)
            } else {
                config = defaults(base: workingDirectory)
            }
        }
        try config.applyEnvironment(environment, workingDirectory: workingDirectory)
        return config
    }

    /// Parses one config file; relative directories resolve against its directory.
    public static func parse(file url: URL, shownAs name: String) throws -> CRMWHConfig {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw WarehouseError(.configuration, "\(name): cannot read the config file")
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), file: name, base: url.deletingLastPathComponent())
    }

    /// Parses config text; `file` names it in errors, `base` anchors relative directories.
    public static func parse(yaml text: String, file: String, base: URL) throws -> CRMWHConfig {
        let reader = ConfigReader(file: file)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw WarehouseError(.configuration, "\(file): not valid YAML: \(error)")
        }
        var config = defaults(base: base)
        config.file = file
        guard let root else { return config }
        let values = try reader.mapping("", root, known: keys)
        if let node = values["database"] {
            let text = try reader.string("database", node)
            config.database = text.isEmpty ? nil : text
        }
        if let node = values["home"] {
            let text = try reader.string("home", node)
            config.home = text.isEmpty ? nil : DirectoriesSection.resolve(text, against: base)
        }
        if let node = values["warehouse"] { config.warehouse = try WarehouseSection(yaml: node, reader: reader) }
        if let node = values["directories"] { config.directories = try DirectoriesSection(yaml: node, base: base, reader: reader) }
        if let node = values["feeds"] { config.feeds = try parseFeeds(node, reader: reader) }
        if let node = values["analysis"] { config.analysis = try AnalysisSection(yaml: node, reader: reader) }
        if let node = values["exports"] {
            config.exports = try reader.sequence("exports", node).enumerated().map {
                try ExportSection(yaml: $0.element, index: $0.offset, reader: reader)
            }
            try requireUnique(config.exports.map(\.name), what: "export", key: "exports", node: node, reader: reader)
        }
        if let node = values["simulations"] { config.simulations = try SimulationPlanSection.parse(node, reader: reader) }
        return config
    }

    /// `feeds:` is a list of feed definitions (docs/feeds.md); a mapping of
    /// name → definition is accepted too. Errors keep the feed definition's
    /// own wording (file, feed, key, line).
    public static func parseFeeds(_ node: Node, reader: ConfigReader) throws -> [FeedDefinition] {
        var feeds: [FeedDefinition] = []
        do {
            if let mapping = node.mapping {
                for (key, value) in mapping {
                    feeds.append(try FeedDefinition(yaml: value, name: key.scalar?.string, file: reader.file))
                }
            } else {
                for entry in try reader.sequence("feeds", node) {
                    // Passed on so even an error found before `name:` is read names the feed.
                    let name = entry.mapping?["name"]?.scalar?.string
                    feeds.append(try FeedDefinition(yaml: entry, name: name, file: reader.file))
                }
            }
        } catch let error as FeedDefinitionError {
            var error = error
            if let key = error.key { error.key = "feeds.\(key)" }
            throw WarehouseError(.configuration, error.description)
        }
        try requireUnique(feeds.map(\.name), what: "feed", key: "feeds", node: node, reader: reader)
        return feeds
    }

    public static func requireUnique(_ names: [String], what: String, key: String, node: Node, reader: ConfigReader) throws {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw reader.error(key, node, "two \(what)s are named '\(name)'; names must be unique")
        }
    }
}
