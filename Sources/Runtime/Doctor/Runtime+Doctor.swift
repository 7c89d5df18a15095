import Foundation
import PostgresClient
import Warehouse

extension Runtime {
    /// `crmwh doctor`: everything the nightly job needs, checked in the
    /// order it needs them, without changing anything. Database checks are
    /// skipped (not failed twice) when the database cannot be reached.
    public func doctor() -> [DoctorCheck] {
        var checks = [embeddedClusterCheck(), sqlDirectoryCheck()]
        checks += DoctorDirectories.checks(config.directories)
        checks.append(feedsCheck())
        let connection: Connection
        do {
            connection = try connect()
            checks.append(.ok("database", "\(databaseDescriptionWithoutNotes) — \(try serverVersion(connection))"))
        } catch {
            checks.append(.fail(
                "database", "\(databaseDescriptionWithoutNotes): \(error)",
                fix: "start the server or fix --database / CRMWH_DATABASE / database: in the config (crmwh config check shows which is used)"))
            for name in DoctorDatabase.checkNames { checks.append(.skipped(name, because: "no database connection")) }
            return checks
        }
        let database = DoctorDatabase(connection: connection, sql: try? sqlDirectory())
        checks += database.checks()
        return checks
    }

    private var databaseDescriptionWithoutNotes: String {
        databaseDescription.components(separatedBy: "   #").first ?? databaseDescription
    }

    private func serverVersion(_ connection: Connection) throws -> String {
        "PostgreSQL \(try connection.query("show server_version").string(0, 0) ?? "?")"
    }

    private func embeddedClusterCheck() -> DoctorCheck {
        guard case .embedded(let home) = database else {
            return .ok("embedded cluster", "not used: the database is configured")
        }
        guard let cluster = try? EmbeddedCluster(directory: home), cluster.isInitialized else {
            return .fail(
                "embedded cluster", "no database configured and no embedded cluster in \(home.path)",
                fix: "crmwh db start (or configure a database: --database, CRMWH_DATABASE, database: in the config)")
        }
        guard cluster.isRunning else {
            return .fail("embedded cluster", "the cluster in \(home.path) is not running", fix: "crmwh db start")
        }
        return .ok("embedded cluster", "running in \(home.path)")
    }

    private func sqlDirectoryCheck() -> DoctorCheck {
        do {
            let sql = try sqlDirectory()
            let migrations = try sql.files(in: "migrations").count
            let marts = try sql.files(in: "marts").count
            guard migrations > 0, marts > 0 else {
                return .fail(
                    "sql directory", "\(sql.root.path) has \(migrations) migrations and \(marts) mart files",
                    fix: "reinstall crmwh (make install) or set CRMWH_SQL_DIR to its sql/ directory")
            }
            return .ok("sql directory", "\(sql.root.path): \(migrations) migrations, \(marts) mart files")
        } catch {
            return .fail("sql directory", "\(error)", fix: "reinstall crmwh (make install) or set CRMWH_SQL_DIR to its sql/ directory")
        }
    }

    /// Files no feed takes would wait in the inbox for ever: a failure.
    private func feedsCheck() -> DoctorCheck {
        let waiting = config.feeds.map { config.inboxFiles(for: $0).count }.reduce(0, +)
        let names = config.feeds.map(\.name).joined(separator: ", ")
        let detail = "\(config.feeds.count) feeds (\(names)); \(waiting) file\(waiting == 1 ? "" : "s") waiting in the inbox"
        let unmatched = config.unmatchedInboxFiles()
        guard unmatched.isEmpty else {
            return .fail(
                "feeds", detail + "; no feed takes " + unmatched.prefix(5).joined(separator: ", ")
                    + (unmatched.count > 5 ? " and \(unmatched.count - 5) more" : ""),
                fix: "give the files a feed (its inbox: pattern in the config) or move them out of the inbox")
        }
        return .ok("feeds", detail)
    }
}
