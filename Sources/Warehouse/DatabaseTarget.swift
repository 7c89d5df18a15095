import Foundation

/// Where the warehouse lives, decided once per command, in one order for
/// every command: `--database`, `CRMWH_DATABASE`, `DATABASE_URL`, the
/// config file's `database:`, libpq's own defaults when a `PG*` variable
/// names a server, database or service, then the embedded cluster.
public enum DatabaseTarget: Sendable, Equatable {
    /// A conninfo or URI, and where it came from (`--database`, `DATABASE_URL` …).
    case explicit(String, source: String)
    /// libpq's defaults: the `PG*` variables, the service file, `.pgpass`.
    case libpqDefaults(variables: [String])
    /// The embedded cluster in this directory (used only while it runs).
    case embedded(home: URL)

    /// The `PG*` variables that make libpq reach a server on its own.
    public static let libpqVariables = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE"]

    public static func resolve(
        flag: String?, configured: String? = nil, embeddedHome: URL,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> DatabaseTarget {
        if let flag, !flag.isEmpty { return .explicit(flag, source: "--database") }
        for variable in ["CRMWH_DATABASE", "DATABASE_URL"] {
            if let value = environment[variable], !value.isEmpty { return .explicit(value, source: variable) }
        }
        if let configured, !configured.isEmpty { return .explicit(configured, source: "database: in the config file") }
        let set = libpqVariables.filter { !(environment[$0] ?? "").isEmpty }
        if !set.isEmpty { return .libpqDefaults(variables: set) }
        return .embedded(home: embeddedHome.standardizedFileURL)
    }

    /// Where the value came from, for `config check` and error messages.
    public var source: String {
        switch self {
        case .explicit(_, let source): return source
        case .libpqDefaults(let variables): return variables.joined(separator: ", ")
        case .embedded: return "the embedded cluster"
        }
    }
}
