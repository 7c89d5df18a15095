import Foundation

extension ConnectionString {
    /// What crmwh adds to every connection unless the user set it: give up
    /// on a server that does not answer within 10 s, and have the kernel
    /// probe an idle connection after 60 s, every 10 s, 6 times, so a
    /// silent network partition breaks the connection (about 2 minutes)
    /// instead of hanging a nightly run for ever.
    public static let defaultParameters: [(keyword: String, value: String)] = [
        ("connect_timeout", "10"),
        ("keepalives", "1"),
        ("keepalives_idle", "60"),
        ("keepalives_interval", "10"),
        ("keepalives_count", "6"),
    ]

    /// This connection string with `defaultParameters` added, each only
    /// where the user gave no value of their own: not in the string (URI
    /// query or keyword), not `connect_timeout` when `PGCONNECT_TIMEOUT` is
    /// set, and nothing at all when a service (`service=` or `PGSERVICE`)
    /// is used, whose file may set them. A URI gets query parameters, a
    /// keyword string more keywords, and the empty string (libpq's defaults
    /// from the `PG*` variables) a keyword string of the defaults alone,
    /// which libpq completes from the environment as before. A string libpq
    /// cannot parse is returned unchanged, for libpq to report.
    public func withDefaults(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ConnectionString {
        guard let given = parsedOptions() else { return self }
        let set = { (name: String) in !(environment[name] ?? "").isEmpty }
        if given["service"] != nil || set("PGSERVICE") { return self }
        let missing = Self.defaultParameters.filter { parameter in
            given[parameter.keyword] == nil && !(parameter.keyword == "connect_timeout" && set("PGCONNECT_TIMEOUT"))
        }
        guard !missing.isEmpty else { return self }
        let pairs = missing.map { "\($0.keyword)=\($0.value)" }
        if Self.isURI(raw) {
            let separator = !Self.hasQuery(raw) ? "?" : (raw.hasSuffix("?") || raw.hasSuffix("&") ? "" : "&")
            return ConnectionString(raw + separator + pairs.joined(separator: "&"))
        }
        if raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return ConnectionString(pairs.joined(separator: " "))
        }
        // A last value ending in a backslash would escape the space added after it.
        guard !raw.hasSuffix("\\") else { return self }
        return ConnectionString(raw + " " + pairs.joined(separator: " "))
    }

    /// Whether libpq reads `text` as a URI rather than `key=value` pairs.
    static func isURI(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// Whether a URI has a query: a `?` after its user info (which ends,
    /// as libpq reads it, at the first `@` before any `/`).
    static func hasQuery(_ uri: String) -> Bool {
        guard let scheme = uri.range(of: "://") else { return uri.contains("?") }
        var rest = uri[scheme.upperBound...]
        if let stop = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[stop] == "@" {
            rest = rest[rest.index(after: stop)...]
        }
        return rest.contains("?")
    }
}
