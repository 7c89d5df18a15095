import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The running executable's real path, symlinks resolved: what `argv[0]`
/// cannot tell when crmwh is started by name from `PATH` or through a link.
public enum ExecutablePath {
    public static func current() -> URL? {
        #if os(Linux)
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
            if length > 0 {
                buffer[length] = 0
                return URL(fileURLWithPath: String(cString: buffer)).resolvingSymlinksInPath()
            }
        #endif
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }
}
