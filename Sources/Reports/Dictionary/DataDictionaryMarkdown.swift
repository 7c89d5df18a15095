import Foundation

/// The data dictionary as one Markdown file: per schema, each table and
/// view with its comment, keys, sources and columns, then the functions.
public enum DataDictionaryMarkdown {
    public static func render(_ dictionary: DataDictionary) -> String {
        var out = "# crmwh data dictionary\n\n"
        out += "Generated \(dictionary.generatedAt) from the warehouse's catalog"
        if let version = dictionary.schemaVersion { out += " (schema migration \(version))" }
        out += ". Descriptions are the comments the migrations put on each object; "
        out += "\"derived from\" lists what a view's query reads, or what the functions that write a table read.\n"
        for schema in DataDictionary.schemas {
            let relations = dictionary.relations.filter { $0.schema == schema }
            let functions = dictionary.functions.filter { $0.schema == schema }
            guard !relations.isEmpty || !functions.isEmpty else { continue }
            out += "\n## Schema `\(schema)`\n"
            for relation in relations { out += section(relation) }
            if !functions.isEmpty {
                out += "\n### Functions in `\(schema)`\n\n| function | arguments | returns | description |\n|---|---|---|---|\n"
                for function in functions {
                    out += "| `\(function.name)` | \(cell(function.arguments)) | \(cell(function.result)) | \(cell(function.comment ?? "")) |\n"
                }
            }
        }
        return out
    }

    private static func section(_ relation: DataDictionary.Relation) -> String {
        var out = "\n### `\(relation.qualifiedName)` (\(relation.kind.rawValue))\n\n"
        out += "\(inline(relation.comment ?? "(no description)"))\n\n"
        for line in DataDictionaryFacts.lines(relation) { out += "- \(line.label): \(inline(line.text))\n" }
        out += "\n| column | type | null | default | description |\n|---|---|---|---|---|\n"
        for column in relation.columns {
            out += "| `\(column.name)` | \(cell(column.type)) | \(column.nullable ? "yes" : "no") | "
            out += "\(cell(column.defaultValue ?? "")) | \(cell(column.comment ?? "")) |\n"
        }
        return out
    }

    /// A table cell: one line, pipes escaped.
    static func cell(_ text: String) -> String {
        inline(text).replacingOccurrences(of: "|", with: "\\|")
    }

    private static func inline(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
