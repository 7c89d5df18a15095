import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Shell-style file name patterns (`inbox/transactions*.csv*`) via glob(3).
public enum FileGlob {
    /// Regular files matching `pattern`, sorted by path; none is not an
    /// error. Judged with lstat: a symbolic link, FIFO or device is never a
    /// match (the inbox takes files, it does not follow links).
    public static func matches(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            guard let pointer = result.gl_pathv[index] else { continue }
            let path = String(cString: pointer)
            if kind(of: path) == .regular { paths.append(path) }
        }
        return paths.sorted()
    }

    public enum EntryKind: Equatable {
        case regular, directory, symbolicLink, other, missing
    }

    /// What `path` itself is, links not followed.
    public static func kind(of path: String) -> EntryKind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }
}
