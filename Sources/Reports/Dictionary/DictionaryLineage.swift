import Foundation

/// What the warehouse's functions read and write, from their source text:
/// schema-qualified names of known tables and views, those after `insert
/// into`, `update`, `delete from` or `truncate` as writes, the rest as
/// reads (`analyze` and `vacuum` neither), and calls of known functions (whose reads count as the caller's).
/// A table's sources are the reads of the functions that write it. SQL
/// built at run time (`execute format(...)`, names in strings) is not seen.
struct DictionaryLineage {
    private var directReads: [String: Set<String>] = [:]
    private var directWrites: [String: Set<String>] = [:]
    private var calls: [String: Set<String>] = [:]

    init(relations: Set<String>, functions: [(name: String, body: String)]) {
        let known = Set(functions.map(\.name))
        for (name, body) in functions {
            let text = Self.code(body.lowercased())
            for match in Self.qualifiedName.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let identifier = String(text[Range(match.range, in: text)!])
                let after = text[Range(match.range, in: text)!.upperBound...].drop { $0 == " " || $0 == "\n" || $0 == "\t" }
                if relations.contains(identifier) {
                    switch Self.role(text, before: Range(match.range, in: text)!.lowerBound) {
                    case .write: directWrites[name, default: []].insert(identifier)
                    case .read: directReads[name, default: []].insert(identifier)
                    case .maintenance: break
                    }
                } else if known.contains(identifier), after.first == "(", identifier != name {
                    calls[name, default: []].insert(identifier)
                }
            }
        }
    }

    /// Tables and views a function reads itself.
    func reads(of function: String) -> [String] { (directReads[function] ?? []).sorted() }

    /// Tables a function writes.
    func writes(of function: String) -> [String] { (directWrites[function] ?? []).sorted() }

    /// What a function reads, itself or through the functions it calls.
    func effectiveReads(of function: String) -> Set<String> {
        var seen: Set<String> = [], pending = [function], result: Set<String> = []
        while let next = pending.popLast() {
            guard seen.insert(next).inserted else { continue }
            result.formUnion(directReads[next] ?? [])
            pending.append(contentsOf: calls[next] ?? [])
        }
        return result
    }

    /// The functions that write `relation`.
    func writers(of relation: String) -> [String] {
        directWrites.filter { $0.value.contains(relation) }.map(\.key).sorted()
    }

    /// What the writers of `relation` read (itself excluded).
    func sources(of relation: String) -> [String] {
        var result: Set<String> = []
        for writer in writers(of: relation) { result.formUnion(effectiveReads(of: writer)) }
        result.remove(relation)
        return result.sorted()
    }

    private static let qualifiedName = try! NSRegularExpression(pattern: "\\b[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*\\b")
    private enum Role { case read, write, maintenance }

    /// The statement keyword right before a name, past a list of names
    /// (`truncate a, b`): what the statement does to it.
    private static let keyword = try! NSRegularExpression(
        pattern: "(insert\\s+into|update|delete\\s+from|truncate(\\s+table)?|analyze|vacuum)(\\s+only)?\\s+([a-z0-9_.]+\\s*,\\s*)*$")

    private static func role(_ text: String, before index: String.Index) -> Role {
        let start = text.index(index, offsetBy: -200, limitedBy: text.startIndex) ?? text.startIndex
        let prefix = String(text[start..<index])
        guard let match = keyword.firstMatch(in: prefix, range: NSRange(prefix.startIndex..., in: prefix)),
              let range = Range(match.range(at: 1), in: prefix) else { return .read }
        let word = prefix[range]
        return word == "analyze" || word == "vacuum" ? .maintenance : .write
    }

    /// The code alone: `--` and `/* */` comments removed, string literals
    /// emptied (a table name in a string is data or dynamic SQL).
    static func code(_ text: String) -> String {
        var output = ""
        var iterator = Array(text.unicodeScalars)[...]
        var inString = false
        while let c = iterator.first {
            iterator = iterator.dropFirst()
            if inString {
                if c == "'" { inString = false; output.unicodeScalars.append(c) }
            } else if c == "'" {
                inString = true
                output.unicodeScalars.append(c)
            } else if c == "-", iterator.first == "-" {
                while let d = iterator.first, d != "\n" { iterator = iterator.dropFirst() }
            } else if c == "/", iterator.first == "*" {
                iterator = iterator.dropFirst()
                while let d = iterator.first {
                    iterator = iterator.dropFirst()
                    if d == "*", iterator.first == "/" { iterator = iterator.dropFirst(); break }
                }
                output.unicodeScalars.append(" ")
            } else {
                output.unicodeScalars.append(c)
            }
        }
        return output
    }
}
