import Foundation
import Yams

/// Typed access to the values of a YAML mapping, with errors that name the
/// file, feed, key and line.
struct YAMLFieldReader {
    var file: String?
    var feed: String?

    func error(_ key: String?, _ node: Node, _ message: String) -> FeedDefinitionError {
        FeedDefinitionError(file: file, feed: feed, key: key, line: node.mark?.line, message: message)
    }

    func string(_ key: String, _ node: Node) throws -> String {
        guard let scalar = node.scalar else { throw error(key, node, "must be a single value") }
        return scalar.string
    }

    func strings(_ key: String, _ node: Node) throws -> [String] {
        if let scalar = node.scalar { return [scalar.string] }
        guard let sequence = node.sequence else { throw error(key, node, "must be a list of values") }
        return try sequence.map { try string(key, $0) }
    }

    func bool(_ key: String, _ node: Node) throws -> Bool {
        guard let value = node.bool else { throw error(key, node, "must be true or false") }
        return value
    }

    func int(_ key: String, _ node: Node, minimum: Int) throws -> Int {
        guard let value = node.int, value >= minimum else { throw error(key, node, "must be a whole number ≥ \(minimum)") }
        return value
    }

    /// `~`, `null` or `false`: "none".
    func isNullOrFalse(_ node: Node) -> Bool {
        node.null != nil || node.bool == false
    }
}
