import PostgresClient

/// One tabular result with the kind of each column, so renderers can
/// right-align numbers and emit them as JSON numbers. Cells keep the
/// server's exact text: a `numeric` is never routed through `Double`.
public struct ReportTable: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case number, text, boolean
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var kind: Kind

        public init(_ name: String, _ kind: Kind) {
            self.name = name
            self.kind = kind
        }
    }

    public var columns: [Column]
    public var rows: [[String?]]
    /// Why there are no rows, when a report can tell (shown by `table`).
    public var emptyReason: String?

    public init(columns: [Column], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The result of a query, with column kinds from the type OIDs.
    public init(_ result: QueryResult) {
        columns = (0..<result.columnCount).map {
            Column(result.columnNames[$0], Self.kind(ofTypeOID: result.columnType($0)))
        }
        rows = result.rows
    }

    /// int2, int4, int8, oid, float4, float8 and numeric are numbers; bool
    /// is a boolean; everything else (text, date, timestamptz) is text.
    static func kind(ofTypeOID oid: UInt32) -> Kind {
        switch oid {
        case 20, 21, 23, 26, 700, 701, 1700: return .number
        case 16: return .boolean
        default: return .text
        }
    }

    public func columnIndex(_ name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    /// The cells of one column, by name.
    public func values(_ name: String) -> [String?] {
        guard let index = columnIndex(name) else { return [] }
        return rows.map { $0[index] }
    }
}

/// A titled table of a report; a report has one or more.
public struct ReportSection: Sendable {
    public enum Style: Sendable {
        case plain
        /// Rows × columns of rates, shaded by value in HTML (cohort retention).
        case heatmap
    }

    public var title: String
    public var table: ReportTable
    public var style: Style

    public init(title: String, table: ReportTable, style: Style = .plain) {
        self.title = title
        self.table = table
        self.style = style
    }
}

/// What a report produces: a title and its sections.
public struct ReportDocument: Sendable {
    public var name: String
    public var title: String
    public var sections: [ReportSection]

    public init(name: String, title: String, sections: [ReportSection]) {
        self.name = name
        self.title = title
        self.sections = sections
    }
}
