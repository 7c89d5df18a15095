import Foundation

/// Finds the project's `sql/` tree (migrations, load statements, marts).
/// `CRMWH_SQL_DIR`, else a `sql/` beside or above the executable (the
/// build tree or an install prefix's `share/crmwh/sql`), else `./sql`.
public struct SQLDirectory: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SQLDirectory {
        var candidates: [URL] = []
        if let explicit = environment["CRMWH_SQL_DIR"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("sql"))
            candidates.append(directory.appendingPathComponent("share/crmwh/sql"))
            directory.deleteLastPathComponent()
        }
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("sql"))
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("migrations").path) {
            return SQLDirectory(root: candidate.standardizedFileURL)
        }
        throw WarehouseError(
            .configuration, "cannot find the sql/ directory with migrations; set CRMWH_SQL_DIR to it")
    }

    public func url(_ relative: String) -> URL {
        root.appendingPathComponent(relative)
    }

    /// The text of one SQL file, e.g. `load/dim_product.sql`.
    public func text(_ relative: String) throws -> String {
        do {
            return try String(contentsOf: url(relative), encoding: .utf8)
        } catch {
            throw WarehouseError(.configuration, "cannot read \(url(relative).path): \(error.localizedDescription)")
        }
    }

    /// The `.sql` files of a subdirectory, sorted by name.
    public func files(in subdirectory: String) throws -> [URL] {
        let directory = url(subdirectory)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        return names.filter { $0.hasSuffix(".sql") }.sorted().map { directory.appendingPathComponent($0) }
    }
}
