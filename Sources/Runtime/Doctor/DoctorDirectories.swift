import Foundation

/// The nightly job's directories: the inbox must exist (a run never
/// creates it: a missing inbox is a wrong path) and be readable and
/// writable (loaded files move out of it); archive, error and output must
/// be writable, or creatable under their nearest existing parent.
enum DoctorDirectories {
    static func checks(_ directories: DirectoriesSection) -> [DoctorCheck] {
        [inbox(directories.inbox)] + [("archive", directories.archive), ("error", directories.error), ("output", directories.output)]
            .map { workDirectory($0.0, $0.1) }
    }

    private static func inbox(_ url: URL) -> DoctorCheck {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .fail("inbox", "\(path) does not exist", fix: "mkdir -p \(path), or fix directories.inbox in the config")
        }
        guard isDirectory.boolValue else {
            return .fail("inbox", "\(path) is not a directory", fix: "point directories.inbox at a directory")
        }
        guard access(path, R_OK | W_OK | X_OK) == 0 else {
            return .fail(
                "inbox", "\(path) is not readable and writable by this user (loaded files move out of it)",
                fix: "chown or chmod \(path) for the user the nightly job runs as")
        }
        return .ok("inbox", path)
    }

    private static func workDirectory(_ name: String, _ url: URL) -> DoctorCheck {
        let path = url.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                return .fail(name, "\(path) is not a directory", fix: "point directories.\(name) at a directory")
            }
            guard access(path, W_OK | X_OK) == 0 else {
                return .fail(name, "\(path) is not writable by this user", fix: "chown or chmod \(path) for the user the nightly job runs as")
            }
            return .ok(name, path)
        }
        var parent = url.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: parent.path) && parent.path != "/" {
            parent = parent.deletingLastPathComponent()
        }
        guard access(parent.path, W_OK | X_OK) == 0 else {
            return .fail(
                name, "\(path) does not exist and \(parent.path) is not writable, so a run cannot create it",
                fix: "mkdir -p \(path) as a user who can, and give it to the user the nightly job runs as")
        }
        return .ok(name, "\(path) (created by the first run)")
    }
}
