import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private PostgreSQL cluster in one directory (`.crmwh/` by default):
/// initdb + pg_ctl, a unix socket inside the directory, no TCP listener,
/// trust authentication reachable only by the directory's owner.
///
/// PostgreSQL refuses to run as root. When crmwh runs as root it hands the
/// directory to the `postgres` system user and runs the server as that user.
public struct EmbeddedCluster: Sendable {
    /// Server settings for the two uses of a private cluster.
    public enum Profile: Sendable {
        /// The embedded warehouse: durable, tuned for bulk loads.
        case standard
        /// A throwaway cluster for tests: no fsync.
        case test
    }

    public static let databaseName = "crmwh"
    public static let superuser = "crmwh"
    static let port = 5432

    public let directory: URL
    public let profile: Profile
    let binaries: PostgresBinaries

    public init(directory: URL, profile: Profile = .standard, binaries: PostgresBinaries? = nil) throws {
        self.directory = directory.standardizedFileURL
        self.profile = profile
        self.binaries = try binaries ?? PostgresBinaries.locate()
    }

    var dataDirectory: String { directory.appendingPathComponent("data").path }
    var logFile: String { directory.appendingPathComponent("server.log").path }

    /// The system user the server runs as: `postgres` when we are root.
    var serverUser: String? { geteuid() == 0 ? "postgres" : nil }

    /// A libpq conninfo for the cluster's database, over its unix socket.
    public var connectionString: String {
        "host='\(Self.conninfoQuoted(directory.path))' port=\(Self.port) dbname=\(Self.databaseName) user=\(Self.superuser)"
    }

    /// A value inside single quotes in a conninfo: `\` and `'` escaped with a backslash.
    static func conninfoQuoted(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }

    public var isInitialized: Bool {
        FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION")
    }

    public var isRunning: Bool {
        guard isInitialized, let output = try? pgCtl(["status", "-D", dataDirectory]) else { return false }
        return output.status == 0
    }

    /// Creates the cluster if needed and starts it if it is not running.
    /// Returns a description of what it did, for the log.
    @discardableResult
    public func start() throws -> [String] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try withDirectoryLock {
            var actions: [String] = []
            if !isInitialized {
                try initialize()
                actions.append("created a PostgreSQL cluster in \(directory.path)")
            }
            if !isRunning {
                let output = try pgCtl(["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-s"])
                guard output.status == 0 else {
                    throw WarehouseError(.cluster, "PostgreSQL did not start: \(output.text.trimmed); see \(logFile)")
                }
                actions.append("started PostgreSQL" + (serverUser.map { " as system user '\($0)'" } ?? ""))
            }
            try createDatabaseIfMissing()
            return actions
        }
    }

    /// Stops the server (fast shutdown: open sessions are rolled back).
    @discardableResult
    public func stop() throws -> Bool {
        guard isRunning else { return false }
        let output = try pgCtl(["stop", "-D", dataDirectory, "-m", "fast", "-w", "-s"])
        guard output.status == 0 else {
            throw WarehouseError(.cluster, "PostgreSQL did not stop: \(output.text.trimmed)")
        }
        return true
    }

    func pgCtl(_ arguments: [String]) throws -> ProcessRunner.Output {
        try ProcessRunner.run(binaries.path("pg_ctl"), arguments, asUser: serverUser)
    }

    /// Serializes start-up between concurrent crmwh processes.
    private func withDirectoryLock<T>(_ body: () throws -> T) throws -> T {
        let lockPath = directory.appendingPathComponent("start.lock").path
        let descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw WarehouseError(.cluster, "cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
