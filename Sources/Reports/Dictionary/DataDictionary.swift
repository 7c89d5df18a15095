/// The warehouse described from the database's own catalog: every table,
/// view and function of the documented schemas with the comments the
/// migrations put on them, their keys, and what each one is derived from.
public struct DataDictionary: Sendable, Equatable {
    /// The schemas described, in the order a reader meets them.
    public static let schemas = ["dw", "mart", "etl", "staging"]

    public var generatedAt: String
    public var schemaVersion: String?
    public var relations: [Relation]
    public var functions: [Function]

    public init(generatedAt: String, schemaVersion: String?, relations: [Relation], functions: [Function]) {
        self.generatedAt = generatedAt
        self.schemaVersion = schemaVersion
        self.relations = relations
        self.functions = functions
    }

    public struct Relation: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case table, partitionedTable = "partitioned table", view, materializedView = "materialized view"
            case unloggedTable = "unlogged table"
        }

        public var schema: String
        public var name: String
        public var kind: Kind
        public var comment: String?
        public var columns: [Column]
        public var primaryKey: [String]
        public var uniqueKeys: [[String]]
        public var foreignKeys: [ForeignKey]
        /// Monthly (or other) partitions of a partitioned table.
        public var partitions: Int
        /// Tables and views this one reads from: a view's query, or the
        /// functions that write a table (see `DictionaryLineage`).
        public var derivedFrom: [String]
        /// The functions that write it (insert, update, delete, truncate).
        public var writtenBy: [String]

        public var qualifiedName: String { "\(schema).\(name)" }
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var type: String
        public var nullable: Bool
        public var defaultValue: String?
        public var comment: String?
    }

    public struct ForeignKey: Sendable, Equatable {
        public var columns: [String]
        public var references: String
        public var referencedColumns: [String]
    }

    public struct Function: Sendable, Equatable {
        public var schema: String
        public var name: String
        public var arguments: String
        public var result: String
        public var comment: String?
        public var reads: [String]
        public var writes: [String]

        public var qualifiedName: String { "\(schema).\(name)" }
    }
}
