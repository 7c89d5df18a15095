import Foundation
import Warehouse

/// Runs the built `crmwh` executable, as users and cron do.
public enum BuiltBinary {
    /// The executable beside the test bundle (`.build/<config>/crmwh`).
    public static var path: String {
        var directory = Bundle.main.bundleURL
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        let candidate = directory.appendingPathComponent("crmwh").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        return TestCluster.repositoryRoot.appendingPathComponent(".build/debug/crmwh").path
    }

    /// Runs crmwh with `arguments` in `directory`, with `environment` added
    /// to this process's environment less any database settings.
    public static func run(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> ProcessRunner.Output {
        try start(arguments, in: directory, environment: environment).wait()
    }

    /// Starts crmwh without waiting, to signal it or race another run.
    public static func start(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]
    ) throws -> ProcessRunner.Running {
        var env = ProcessInfo.processInfo.environment
        for key in ["DATABASE_URL", "PGHOST", "PGDATABASE", "PGSERVICE", "PGUSER", "PGPORT", "CRMWH_HOME"] {
            env[key] = nil
        }
        env = env.filter { !$0.key.hasPrefix("CRMWH_") }
        env.merge(environment) { $1 }
        return try ProcessRunner.start(path, arguments, environment: env, directory: directory?.path)
    }
}
