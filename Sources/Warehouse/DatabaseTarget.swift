import Foundation

/// Where the warehouse lives, decided once per command:
/// `--database`, else `DATABASE_URL`, else libpq's own defaults when any
/// `PGHOST`/`PGDATABASE`/`PGSERVICE` is set, else the embedded cluster.
public enum DatabaseTarget: Sendable {
    case explicit(String)
    case libpqDefaults
    case embedded(EmbeddedCluster)

    public static func resolve(
        flag: String?, configured: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> DatabaseTarget {
        if let flag, !flag.isEmpty { return .explicit(flag) }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return .explicit(url) }
        if let configured, !configured.isEmpty { return .explicit(configured) }
        if ["PGHOST", "PGDATABASE", "PGSERVICE"].contains(where: { !(environment[$0] ?? "").isEmpty }) {
            return .libpqDefaults
        }
        return .embedded(try EmbeddedCluster(directory: EmbeddedCluster.defaultDirectory(environment: environment)))
    }

    /// The conninfo to connect with, starting the embedded cluster if needed.
    public func connectionString(startingCluster: Bool = true) throws -> (conninfo: String, actions: [String]) {
        switch self {
        case .explicit(let conninfo): return (conninfo, [])
        case .libpqDefaults: return ("", [])
        case .embedded(let cluster):
            let actions = startingCluster ? try cluster.start() : []
            return (cluster.connectionString, actions)
        }
    }
}
