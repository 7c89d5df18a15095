import Feeds
import Foundation
import Warehouse

extension CRMWHConfig {
    /// The feed's inbox glob as an absolute pattern (`…/inbox/transactions*.csv*`).
    /// A feed without `inbox:` picks up `<name>*`.
    public func inboxPattern(for feed: FeedDefinition) -> String {
        let glob = feed.inbox ?? "\(feed.name)*"
        return DirectoriesSection.resolve(glob, against: directories.inbox).path
    }

    /// The files waiting for `feed`, sorted by name so dated files load
    /// oldest first. Rejects files (`orders.csv.rejects.csv`, which
    /// `orders*.csv*` would match) are never input.
    public func inboxFiles(for feed: FeedDefinition) -> [String] {
        FileGlob.matches(inboxPattern(for: feed)).filter { !$0.hasSuffix(".rejects.csv") }
    }

    /// A missing inbox is a wrong path, not an empty night: a configuration error.
    public func requireInbox() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directories.inbox.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw WarehouseError(
                .configuration,
                "the inbox \(directories.inbox.path) does not exist (directories.inbox in \(file ?? "the defaults")); create it or fix the path")
        }
    }

    /// Files in the inbox (and its subfolders) that no feed takes: they
    /// would otherwise wait there for ever. A symbolic link, FIFO or device
    /// is never taken and is listed with what it is. Hidden files (an upload
    /// in progress, `.DS_Store`) and rejects files are not counted.
    public func unmatchedInboxFiles() -> [String] {
        let taken = Set(feeds.flatMap { inboxFiles(for: $0) })
        let inbox = directories.inbox.path
        guard let walker = FileManager.default.enumerator(atPath: inbox) else { return [] }
        var unmatched: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            let path = (inbox as NSString).appendingPathComponent(relative)
            switch FileGlob.kind(of: path) {
            case .regular:
                if !taken.contains(path) && !name.hasSuffix(".rejects.csv") { unmatched.append(relative) }
            case .symbolicLink: unmatched.append(relative + " (symbolic link, not followed)")
            case .other: unmatched.append(relative + " (not a regular file)")
            case .directory, .missing: continue
            }
        }
        return unmatched.sorted()
    }
}

extension CRMWHConfig {
    /// The feed `crmwh load NAME` loads through: a definition file when
    /// given, else the configured feed of that name, else the canonical
    /// feed of that kind as the nightly run would take it (refused above
    /// 10 % rejects). An unknown name or a bad definition is a configuration error.
    public func feedDefinition(named name: String, feedFile: String? = nil) throws -> FeedDefinition {
        if let feedFile {
            do {
                return try FeedDefinition.load(path: feedFile)
            } catch let error as FeedDefinitionError {
                throw WarehouseError(.configuration, error.description)
            }
        }
        if let feed = feeds.first(where: { $0.name == name }) { return feed }
        if let kind = FeedKind(name: name), let feed = Self.canonicalFeeds.first(where: { $0.kind == kind }) { return feed }
        let known = (feeds.map(\.name) + FeedKind.allCases.map(\.rawValue)).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        throw WarehouseError(
            .configuration, "unknown feed '\(name)'; feeds: \(known.joined(separator: ", ")), or give --feed-file")
    }
}
