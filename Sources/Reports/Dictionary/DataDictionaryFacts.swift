/// The facts about a table beside its columns (keys, partitions, sources,
/// writers), worded once for both the Markdown and the HTML dictionary.
enum DataDictionaryFacts {
    struct Line {
        var label: String
        var text: String
        /// The relations the text lists (linked in HTML).
        var listed: [String] = []
        /// The relation a foreign key points to (linked in HTML).
        var target: String? = nil
    }

    static func lines(_ relation: DataDictionary.Relation) -> [Line] {
        var lines: [Line] = []
        if !relation.primaryKey.isEmpty {
            lines.append(Line(label: "Primary key", text: relation.primaryKey.joined(separator: ", ")))
        }
        for key in relation.uniqueKeys {
            lines.append(Line(label: "Unique", text: key.joined(separator: ", ")))
        }
        for key in relation.foreignKeys {
            lines.append(Line(
                label: "References",
                text: "(\(key.columns.joined(separator: ", "))) → \(key.references) (\(key.referencedColumns.joined(separator: ", ")))",
                target: key.references))
        }
        if relation.partitions > 0 {
            lines.append(Line(label: "Partitions", text: "\(relation.partitions)"))
        }
        if !relation.derivedFrom.isEmpty {
            lines.append(Line(label: "Derived from", text: relation.derivedFrom.joined(separator: ", "), listed: relation.derivedFrom))
        }
        if !relation.writtenBy.isEmpty {
            lines.append(Line(label: "Written by", text: relation.writtenBy.map { "\($0)()" }.joined(separator: ", ")))
        }
        return lines
    }
}
