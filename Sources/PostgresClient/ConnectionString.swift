import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A libpq connection string (`key=value ...`) or URI (`postgresql://...`).
/// Knows its own password only to keep it out of every message.
public struct ConnectionString: Sendable, CustomStringConvertible {
    public let raw: String

    public init(_ raw: String) {
        self.raw = raw
    }

    /// The password the string carries, if any, as libpq parses it.
    var password: String? {
        options()["password"]
    }

    /// Parsed options, empty if libpq cannot parse the string.
    public func options() -> [String: String] {
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(raw, &errorMessage) else {
            if let errorMessage { PQfreemem(errorMessage) }
            return [:]
        }
        defer { PQconninfoFree(parsed) }
        var result: [String: String] = [:]
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                result[String(cString: keyword)] = String(cString: value)
            }
            option += 1
        }
        return result
    }

    /// The string with any password replaced, safe for logs.
    public var description: String {
        redact(raw)
    }

    /// Replaces every occurrence of the password in `text`. Also masks the
    /// password part of a URI even when libpq could not parse it.
    public func redact(_ text: String) -> String {
        var result = text
        if let password, !password.isEmpty {
            result = result.replacingOccurrences(of: password, with: "****")
        }
        return Self.maskURIPassword(result)
    }

    /// `postgresql://user:secret@host` → `postgresql://user:****@host`.
    static func maskURIPassword(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let scheme = rest.range(of: "://") {
            output += rest[..<scheme.upperBound]
            rest = rest[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == " " || $0 == "?" } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                output += authority[...colon] + "****" + authority[at...]
            } else {
                output += authority
            }
            rest = rest[authorityEnd...]
        }
        return output + rest
    }
}
