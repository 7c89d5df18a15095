import Foundation
import PostgresClient

extension EmbeddedCluster {
    /// initdb with the settings of the profile, owned by the server user.
    func initialize() throws {
        if let user = serverUser {
            try handOver(to: user)
        }
        chmod(directory.path, 0o700)
        let output = try ProcessRunner.run(
            binaries.path("initdb"),
            ["-D", dataDirectory, "-U", Self.superuser, "--auth=trust", "-E", "UTF8", "--locale=C"]
                + (profile == .test ? ["--no-sync"] : []),
            asUser: serverUser)
        guard output.status == 0 else {
            throw WarehouseError(.cluster, "initdb failed: \(output.text.trimmed)")
        }
        let settings = serverSettings.map { "\($0.key) = \($0.value)" }.sorted().joined(separator: "\n")
        let conf = dataDirectory + "/postgresql.conf"
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: conf))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n# crmwh embedded cluster\n" + settings + "\n").utf8))
        try handle.close()
    }

    /// No TCP, a socket only the directory's owner can reach, and sizes for
    /// bulk loads (wal_level=minimal lets COPY into a new table skip WAL).
    /// The standard profile is durable: fsync, full page writes and
    /// synchronous commit stay on, so a committed load survives a crash or
    /// power cut. Only the test profile trades durability for speed.
    var serverSettings: [String: String] {
        var settings = [
            "listen_addresses": "''",
            "unix_socket_directories": "'\(directory.path)'",
            "unix_socket_permissions": "0700",
            "port": "\(Self.port)",
            "shared_buffers": "'1GB'",
            "wal_buffers": "'64MB'",
            "work_mem": "'64MB'",
            "maintenance_work_mem": "'512MB'",
            "max_wal_size": "'4GB'",
            "wal_level": "minimal",
            "max_wal_senders": "0",
            "checkpoint_timeout": "'15min'",
            "synchronous_commit": "on",
            "logging_collector": "off",
            "max_parallel_workers_per_gather": "2",
        ]
        if profile == .test {
            settings["synchronous_commit"] = "off"
            settings["fsync"] = "off"
            settings["full_page_writes"] = "off"
            settings["shared_buffers"] = "'128MB'"
        }
        return settings
    }

    /// PostgreSQL will not run as root: give the directory to `user` and
    /// check that user can reach it through its parents.
    func handOver(to user: String) throws {
        let chown = try ProcessRunner.run("/bin/chown", ["-R", "\(user):", directory.path])
        guard chown.status == 0 else {
            throw WarehouseError(
                .cluster,
                "running as root, crmwh runs PostgreSQL as the system user '\(user)', but could not give it "
                    + "\(directory.path): \(chown.text.trimmed)")
        }
        let reach = try ProcessRunner.run("/usr/bin/test", ["-w", directory.path], asUser: user)
        guard reach.status == 0 else {
            throw WarehouseError(
                .cluster,
                "running as root, crmwh runs PostgreSQL as the system user '\(user)', who cannot reach "
                    + "\(directory.path); make its parent directories traversable (chmod o+x) or set CRMWH_HOME")
        }
    }

    func createDatabaseIfMissing() throws {
        let admin = try Connection(
            "host='\(directory.path)' port=\(Self.port) dbname=postgres user=\(Self.superuser)")
        let exists = try admin.query("select 1 from pg_database where datname = $1", [Self.databaseName]).rowCount > 0
        if !exists {
            try admin.execute("create database \(quoteIdentifier(Self.databaseName))")
        }
    }
}
