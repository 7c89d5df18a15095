/// A feed definition that cannot be used: an unknown key, a bad value, a
/// mapping to a field the feed kind does not have. Names the file, the feed,
/// the key and, when known, the line, so the user can go straight to it.
public struct FeedDefinitionError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The config file, when the definition came from one.
    public var file: String?
    /// The feed's name, when known.
    public var feed: String?
    /// The offending key, dotted for nested keys (`mapping.e_mail`).
    public var key: String?
    /// The line in the file, when known.
    public var line: Int?
    public var message: String

    public init(file: String? = nil, feed: String? = nil, key: String? = nil, line: Int? = nil, message: String) {
        self.file = file
        self.feed = feed
        self.key = key
        self.line = line
        self.message = message
    }

    public var description: String {
        var location = file ?? "feed definition"
        if let line { location += ":\(line)" }
        var subject = ""
        if let feed { subject += "feed '\(feed)'" }
        if let key { subject += (subject.isEmpty ? "" : ", ") + "key '\(key)'" }
        return subject.isEmpty ? "\(location): \(message)" : "\(location): \(subject): \(message)"
    }
}
