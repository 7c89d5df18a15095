import Foundation
import PostgresClient
import Warehouse

#if canImport(Glibc)
    import Glibc
#endif

/// One private PostgreSQL cluster per test process, in a temporary
/// directory, started on first use and stopped when the process exits.
/// Tests never depend on a server started by hand.
public enum TestCluster {
    nonisolated(unsafe) private static var cluster: EmbeddedCluster?
    nonisolated(unsafe) private static var databaseCounter = 0
    private static let lock = NSLock()

    /// The running cluster, started on first call.
    public static func shared() throws -> EmbeddedCluster {
        lock.lock()
        defer { lock.unlock() }
        if let cluster { return cluster }
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("crmwh-test-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let started = try EmbeddedCluster(directory: directory, profile: .test)
        try started.start()
        cluster = started
        atexit {
            guard let cluster = TestCluster.cluster else { return }
            _ = try? cluster.stop()
            try? FileManager.default.removeItem(at: cluster.directory)
        }
        return started
    }

    /// A fresh, empty database in the shared cluster; returns its conninfo.
    public static func makeDatabase(prefix: String = "test") throws -> String {
        let cluster = try shared()
        let name: String = lock.withLock {
            databaseCounter += 1
            return "\(prefix)_\(databaseCounter)"
        }
        let admin = try Connection(cluster.connectionString)
        try admin.execute("drop database if exists \(quoteIdentifier(name))")
        try admin.execute("create database \(quoteIdentifier(name))")
        return cluster.connectionString.replacingOccurrences(of: "dbname=\(EmbeddedCluster.databaseName)", with: "dbname=\(name)")
    }

    /// A fresh database with every migration applied.
    public static func makeMigratedDatabase(prefix: String = "wh") throws -> String {
        let conninfo = try makeDatabase(prefix: prefix)
        let connection = try Connection(conninfo)
        try Migrator(connection: connection, sql: try repositorySQL()).migrate()
        return conninfo
    }

    /// The repository's sql/ directory, found from this source file.
    public static func repositorySQL() throws -> SQLDirectory {
        SQLDirectory(root: repositoryRoot.appendingPathComponent("sql"))
    }

    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
