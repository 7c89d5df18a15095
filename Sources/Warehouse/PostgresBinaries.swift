import Foundation

/// Finds the PostgreSQL server programs (initdb, pg_ctl, postgres).
public struct PostgresBinaries: Sendable {
    public let directory: String

    public func path(_ program: String) -> String {
        directory + "/" + program
    }

    /// `CRMWH_PG_BINDIR`, then `pg_config --bindir`, then the newest
    /// `/usr/lib/postgresql/*/bin` (Debian keeps the server there, off PATH).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresBinaries {
        var candidates: [String] = []
        if let explicit = environment["CRMWH_PG_BINDIR"] { candidates.append(explicit) }
        for pgConfig in ["/usr/bin/pg_config", "/usr/local/bin/pg_config"]
        where FileManager.default.isExecutableFile(atPath: pgConfig) {
            if let output = try? ProcessRunner.run(pgConfig, ["--bindir"]), output.status == 0 {
                candidates.append(output.text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        let debianRoot = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: debianRoot)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            candidates.append("\(debianRoot)/\(version)/bin")
        }
        for directory in candidates
        where FileManager.default.isExecutableFile(atPath: directory + "/initdb")
            && FileManager.default.isExecutableFile(atPath: directory + "/pg_ctl") {
            return PostgresBinaries(directory: directory)
        }
        throw WarehouseError(
            .cluster,
            "PostgreSQL server programs (initdb, pg_ctl) not found; install them with "
                + "'apt-get install -y postgresql' (or 'make setup'), or set CRMWH_PG_BINDIR")
    }
}
