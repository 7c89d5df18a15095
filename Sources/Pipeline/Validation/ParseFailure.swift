/// Why a single value did not parse. Parsers return it instead of throwing so
/// the hot path stays allocation-free: `rule` and `message` are string
/// literals, and the offending text is only copied when a `FieldIssue` is made.
public struct ParseFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public let rule: RuleCode
    public let message: String

    public init(_ rule: RuleCode, _ message: String) {
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(rule): \(message)" }
}
