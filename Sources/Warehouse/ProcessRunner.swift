import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a program to completion and captures what it prints.
/// Uses posix_spawn and waitpid directly: `pg_ctl start` leaves a daemon
/// behind, and Foundation's `Process.waitUntilExit` was seen to hang
/// forever on children that had already exited.
public enum ProcessRunner {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// Both streams, for messages from tools that mix them.
        public var text: String { stdout + stderr }
    }

    /// Runs `executable` with `arguments`; when `asUser` is set, through
    /// `runuser` so a root process can start a server PostgreSQL accepts.
    /// `environment` replaces the inherited one when given.
    public static func run(
        _ executable: String, _ arguments: [String], asUser user: String? = nil,
        environment: [String: String]? = nil, directory: String? = nil
    ) throws -> Output {
        try start(executable, arguments, asUser: user, environment: environment, directory: directory).wait()
    }

    /// A started program: signal it, or wait for it and read its output.
    public struct Running {
        public let pid: pid_t
        let outPath: String
        let errPath: String

        public func signal(_ number: Int32) {
            kill(pid, number)
        }

        public func wait() -> Output {
            defer {
                unlink(outPath)
                unlink(errPath)
            }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            // WIFEXITED / WEXITSTATUS are macros Swift does not import.
            let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            return Output(
                status: exitStatus,
                stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
        }
    }

    /// Starts a program without waiting for it; see `run`.
    public static func start(
        _ executable: String, _ arguments: [String], asUser user: String? = nil,
        environment: [String: String]? = nil, directory: String? = nil
    ) throws -> Running {
        var argv = (user.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] } ?? [executable]) + arguments
        // glibc's posix_spawn_file_actions_addchdir_np is not visible to
        // Swift; coreutils' env -C changes directory the same way.
        if let directory { argv = ["/usr/bin/env", "-C", directory] + argv }
        // Output goes to files, not pipes: a server started by pg_ctl would
        // otherwise inherit a pipe's write end and keep it open for good.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-\(UUID().uuidString)").path
        let outPath = base + ".out"
        let errPath = base + ".err"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var cEnvironment = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer { cEnvironment?.forEach { free($0) } }

        var pid: pid_t = 0
        let spawned: Int32
        if cEnvironment != nil {
            spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, &cEnvironment!)
        } else {
            spawned = posix_spawn(&pid, argv[0], &actions, nil, &cArguments, environ)
        }
        guard spawned == 0 else {
            throw WarehouseError(.cluster, "cannot run \(argv[0]): \(String(cString: strerror(spawned)))")
        }
        return Running(pid: pid, outPath: outPath, errPath: errPath)
    }
}
