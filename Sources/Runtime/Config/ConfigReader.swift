import Foundation
import Warehouse
import Yams

/// Typed reads from the config file's YAML. Every error names the dotted key,
/// the file and, when Yams knows it, the line, so the operator can go
/// straight to the mistake: `config/crmwh.yaml:12: key 'warehouse.retires': unknown key …`.
public struct ConfigReader {
    public let file: String

    public func error(_ key: String, _ node: Node?, _ message: String) -> WarehouseError {
        var location = file
        if let line = node?.mark?.line { location += ":\(line)" }
        return WarehouseError(.configuration, "\(location): key '\(key)': \(message)")
    }

    /// The entries of the mapping at `key`, refusing any name not in `known`
    /// (a typo such as `lock_timout:` must not be silently ignored).
    /// A null section (`warehouse:` with nothing under it) reads as empty.
    public func mapping(_ key: String, _ node: Node, known: [String]) throws -> [String: Node] {
        if node.null != nil { return [:] }
        guard let mapping = node.mapping else { throw error(key, node, "must be a mapping of keys to values") }
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let name = keyNode.scalar?.string else { throw error(key, keyNode, "keys must be plain names") }
            let path = Self.join(key, name)
            guard known.contains(name) else {
                let place = key.isEmpty ? "at the top level" : "under '\(key)'"
                throw error(path, keyNode, "unknown key; known keys \(place) are: \(known.joined(separator: ", "))")
            }
            values[name] = value
        }
        return values
    }

    public func string(_ key: String, _ node: Node) throws -> String {
        guard let scalar = node.scalar else { throw error(key, node, "must be a single value, not a list or mapping") }
        return scalar.string
    }

    public func double(_ key: String, _ node: Node, in range: ClosedRange<Double>) throws -> Double {
        guard let scalar = node.scalar, let value = Double(scalar.string), range.contains(value) else {
            throw error(key, node, "must be a number from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))")
        }
        return value
    }

    public func int(_ key: String, _ node: Node, minimum: Int) throws -> Int {
        guard let scalar = node.scalar, let value = Int(scalar.string), value >= minimum else {
            throw error(key, node, "must be a whole number ≥ \(minimum)")
        }
        return value
    }

    public func bool(_ key: String, _ node: Node) throws -> Bool {
        guard node.scalar != nil, let value = node.bool else { throw error(key, node, "must be true or false") }
        return value
    }

    public func sequence(_ key: String, _ node: Node) throws -> [Node] {
        if node.null != nil { return [] }
        guard let sequence = node.sequence else { throw error(key, node, "must be a list") }
        return Array(sequence)
    }

    public static func join(_ parent: String, _ child: String) -> String {
        parent.isEmpty ? child : "\(parent).\(child)"
    }

    public static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
