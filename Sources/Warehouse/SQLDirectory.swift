import Foundation

/// Finds crmwh's `sql/` tree (migrations, load statements, marts) from
/// where the running executable really is: `CRMWH_SQL_DIR`, else
/// `share/crmwh/sql` of the install prefix (`PREFIX/bin/crmwh` →
/// `PREFIX/share/crmwh/sql`), else the `sql/` of the source tree the
/// executable was built in (`.build/…/crmwh` → the directory holding
/// `Package.swift`). Never the working directory or its parents: SQL found
/// there could be anyone's.
public struct SQLDirectory: Sendable {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public static func locate(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL? = ExecutablePath.current()
    ) throws -> SQLDirectory {
        if let explicit = environment["CRMWH_SQL_DIR"], !explicit.isEmpty {
            let root = URL(fileURLWithPath: explicit)
            guard hasMigrations(root) else {
                throw WarehouseError(.configuration, "CRMWH_SQL_DIR=\(explicit) holds no migrations/ directory")
            }
            return SQLDirectory(root: root.standardizedFileURL)
        }
        guard let executable else {
            throw WarehouseError(.configuration, "cannot tell where the crmwh executable is; set CRMWH_SQL_DIR to its sql/ directory")
        }
        let binDirectory = executable.deletingLastPathComponent()
        let installed = binDirectory.deletingLastPathComponent().appendingPathComponent("share/crmwh/sql")
        if hasMigrations(installed) { return SQLDirectory(root: installed.standardizedFileURL) }
        // A build tree: .build/<triple>/<configuration>/crmwh, .build/<configuration>/crmwh, or a test bundle inside it.
        var directory = binDirectory
        for _ in 0..<6 {
            let source = directory.appendingPathComponent("sql")
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
               hasMigrations(source) {
                return SQLDirectory(root: source.standardizedFileURL)
            }
            directory.deleteLastPathComponent()
        }
        throw WarehouseError(
            .configuration,
            "cannot find crmwh's sql/ directory: looked in \(installed.path) and the source tree above \(binDirectory.path); "
                + "install with make install or set CRMWH_SQL_DIR")
    }

    static func hasMigrations(_ root: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root.appendingPathComponent("migrations").path, isDirectory: &isDirectory)
            && isDirectory.boolValue
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
