/// The source columns (or dotted JSON paths) a caller wants, in the order it
/// wants them. Resolved once per file against the header, so record field
/// `i` is selected column `i` and the hot path does no name lookups.
public struct ColumnSelection: Equatable, Sendable {
    public struct Column: Equatable, Sendable {
        /// The source column name or dotted JSON path.
        public var name: String
        /// Whether a file without this column is refused (an explicit mapping or
        /// a required canonical field) rather than read with the field NULL.
        public var isRequired: Bool
        /// The canonical field it feeds, for error messages.
        public var field: String?

        public init(name: String, isRequired: Bool, field: String? = nil) {
            self.name = name
            self.isRequired = isRequired
            self.field = field
        }
    }

    public var columns: [Column]

    public init(columns: [Column]) {
        self.columns = columns
    }

    /// Selects `names`, all required.
    public init(names: [String]) {
        columns = names.map { Column(name: $0, isRequired: true) }
    }

    /// The names records carry for the selected fields: the canonical field
    /// when the column feeds one, else the source name.
    var recordNames: [String] {
        columns.map { $0.field ?? $0.name }
    }

    /// Each column's index in `columnNames` (-1 when absent and optional).
    /// An exact match wins; otherwise case and surrounding spaces are ignored.
    /// Throws ``FeedReadError`` naming the file and the first missing column.
    func resolve(columnNames: [String], file: String, line: Int?) throws -> [Int] {
        var exact: [String: Int] = [:]
        var loose: [String: Int] = [:]
        for (index, name) in columnNames.enumerated() {
            if exact[name] == nil { exact[name] = index }
            let key = Self.looseKey(name)
            if loose[key] == nil { loose[key] = index }
        }
        var missing: [Column] = []
        let indexes = columns.map { column -> Int in
            if let index = exact[column.name] ?? loose[Self.looseKey(column.name)] { return index }
            if column.isRequired { missing.append(column) }
            return -1
        }
        if let first = missing.first {
            let purpose = first.field.map { $0 == first.name ? " (required field)" : " (mapped to \($0))" } ?? ""
            let shown = columnNames.isEmpty ? "the file has no columns" : "the file's columns are: \(columnNames.joined(separator: ", "))"
            let more = missing.count > 1 ? " (and \(missing.count - 1) more missing: \(missing.dropFirst().map(\.name).joined(separator: ", ")))" : ""
            throw FeedReadError(code: .missingColumn, file: file, line: line,
                                message: "column '\(first.name)'\(purpose) is missing\(more); \(shown)")
        }
        return indexes
    }

    static func looseKey(_ name: String) -> String {
        name.trimmingSpaces().lowercased()
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
