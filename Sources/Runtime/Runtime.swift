import Foundation
import Logging
import PostgresClient
import Warehouse

/// The context every command works in, built once from the global options
/// and the environment: the effective configuration, the database, the
/// embedded cluster's home and the SQL directory. Commands never assemble
/// these themselves, so `crmwh config check` shows exactly what each uses.
///
/// ```swift
/// let runtime = try Runtime(options: RuntimeOptions(database: nil, configPath: "config/crmwh.yaml"), logger: logger)
/// let connection = try runtime.connect()
/// ```
public struct Runtime {
    public let options: RuntimeOptions
    /// The configuration file with the `CRMWH_*` overrides applied.
    public var config: CRMWHConfig
    /// The database every command of this context talks to.
    public let database: DatabaseTarget
    /// Where the embedded cluster lives (`CRMWH_HOME`, the config's `home:`, else `.crmwh`).
    public let embeddedHome: URL
    public let logger: Logger

    public init(options: RuntimeOptions, logger: Logger) throws {
        self.options = options
        self.logger = logger
        let path = options.configPath ?? options.environment["CRMWH_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        config = try CRMWHConfig.load(path: path, environment: options.environment, workingDirectory: options.workingDirectory)
        embeddedHome = config.home ?? options.workingDirectory.appendingPathComponent(".crmwh")
        database = DatabaseTarget.resolve(
            flag: options.database, configured: config.database, embeddedHome: embeddedHome, environment: options.environment)
    }

    /// The embedded cluster at this context's home (not necessarily created).
    public func embeddedCluster() throws -> EmbeddedCluster {
        try EmbeddedCluster(directory: embeddedHome)
    }

    /// Creates and starts the embedded cluster when it is the database in
    /// use: only `crmwh db start` and `crmwh demo` do this.
    @discardableResult
    public func startEmbeddedClusterIfSelected() throws -> [String] {
        guard case .embedded = database else { return [] }
        return try embeddedCluster().start()
    }

    /// The libpq conninfo to connect with. The embedded cluster is used only
    /// while it runs: any command but `db start` and `demo` refuses to
    /// create one in a directory nobody asked for.
    public func conninfo() throws -> String {
        switch database {
        case .explicit(let conninfo, _): return conninfo
        case .libpqDefaults: return ""
        case .embedded(let home):
            let cluster = try? EmbeddedCluster(directory: home)
            guard let cluster, cluster.isRunning else { throw Self.noDatabase(home: home) }
            return cluster.connectionString
        }
    }

    static func noDatabase(home: URL) -> WarehouseError {
        WarehouseError(
            .configuration,
            """
            no database configured and no embedded cluster running in \(home.path). Point crmwh at a \
            PostgreSQL database with --database, CRMWH_DATABASE, DATABASE_URL, database: in the config \
            file or the PG* variables, or start the embedded cluster with 'crmwh db start' \
            (its home is CRMWH_HOME, else home: in the config file, else .crmwh in the working directory)
            """)
    }

    /// A connection to the warehouse with the configured session settings
    /// (statement and lock timeouts) applied.
    public func connect() throws -> Connection {
        // connect_timeout and TCP keepalives unless the user set them (a
        // silent network partition must not hang a nightly run for ever).
        let connection = try Connection(ConnectionString(try conninfo()).withDefaults(environment: options.environment))
        try SessionSettings.apply(
            connection: connection, statementTimeout: config.warehouse.statementTimeout,
            lockTimeout: config.warehouse.lockTimeout)
        return connection
    }

    /// crmwh's SQL (migrations, load statements, marts), found beside the executable.
    public func sqlDirectory() throws -> SQLDirectory {
        try SQLDirectory.locate(environment: options.environment)
    }

    /// How the database reads in `config check` and logs: never with a password.
    public var databaseDescription: String {
        switch database {
        case .explicit(let conninfo, let source): return "\(ConnectionString(conninfo).description)   # from \(source)"
        case .libpqDefaults(let variables): return "(libpq defaults)   # from \(variables.joined(separator: ", "))"
        case .embedded(let home):
            let running = (try? EmbeddedCluster(directory: home))?.isRunning ?? false
            return "(embedded cluster in \(home.path))   # \(running ? "running" : "not running: crmwh db start")"
        }
    }
}

/// What a command was given that decides its context.
public struct RuntimeOptions: Sendable {
    /// `--database`.
    public var database: String?
    /// `--config`; nil: `CRMWH_CONFIG`, else `config/crmwh.yaml` when present.
    public var configPath: String?
    public var environment: [String: String]
    public var workingDirectory: URL

    public init(
        database: String?, configPath: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) {
        self.database = database
        self.configPath = configPath
        self.environment = environment
        self.workingDirectory = workingDirectory
    }
}
