import Foundation
import PostgresClient

/// Reads the data dictionary from the catalog of a migrated warehouse:
/// what `crmwh docs` writes. Only the documented schemas
/// (`DataDictionary.schemas`); partitions are folded into their parent.
public struct DataDictionaryReader {
    let connection: Connection

    public init(connection: Connection) {
        self.connection = connection
    }

    public func read(generatedAt: Date = Date()) throws -> DataDictionary {
        var relations = try readRelations()
        let index = Dictionary(uniqueKeysWithValues: relations.enumerated().map { ($1.qualifiedName, $0) })
        for (key, columns) in try readColumns() { if let i = index[key] { relations[i].columns = columns } }
        for key in try readKeys() {
            guard let i = index[key.relation] else { continue }
            switch key.kind {
            case .primary: relations[i].primaryKey = key.columns
            case .unique: if !relations[i].uniqueKeys.contains(key.columns) { relations[i].uniqueKeys.append(key.columns) }
            case .foreign(let target, let targetColumns):
                relations[i].foreignKeys.append(.init(columns: key.columns, references: target, referencedColumns: targetColumns))
            }
        }
        let functionSources = try readFunctions()
        let lineage = DictionaryLineage(
            relations: Set(relations.map(\.qualifiedName)), functions: functionSources.map { ($0.function.qualifiedName, $0.body) })
        let functions = functionSources.map { source -> DataDictionary.Function in
            var function = source.function
            function.reads = lineage.reads(of: function.qualifiedName)
            function.writes = lineage.writes(of: function.qualifiedName)
            return function
        }
        let viewSources = try readViewSources()
        for i in relations.indices {
            let name = relations[i].qualifiedName
            relations[i].writtenBy = lineage.writers(of: name)
            var sources = Set(lineage.sources(of: name))
            if let view = viewSources[name] {
                sources.formUnion(view.relations)
                for function in view.functions { sources.formUnion(lineage.effectiveReads(of: function)) }
            }
            sources.remove(name)
            relations[i].derivedFrom = sources.sorted()
        }
        let version = try connection.query(
            "select max(name) from etl.schema_migration").rows.first?.first ?? nil
        return DataDictionary(
            generatedAt: Self.timestamp(generatedAt), schemaVersion: version, relations: relations, functions: functions)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The schemas as a SQL list (constants, never user input).
    private static let schemaList = DataDictionary.schemas.map { "'\($0)'" }.joined(separator: ", ")
    private static let separator = "\u{1F}"

    private func readRelations() throws -> [DataDictionary.Relation] {
        let rows = try connection.query(
            """
            select n.nspname, c.relname, c.relkind::text, c.relpersistence::text, obj_description(c.oid, 'pg_class'),
                (select count(*) from pg_inherits as i where i.inhparent = c.oid)::text
            from pg_class as c join pg_namespace as n on n.oid = c.relnamespace
            where n.nspname in (\(Self.schemaList)) and c.relkind in ('r', 'p', 'v', 'm') and not c.relispartition
            order by array_position(array[\(Self.schemaList)], n.nspname::text), c.relname
            """).rows
        return rows.map { row in
            let kind: DataDictionary.Relation.Kind
            switch row[2] {
            case "p": kind = .partitionedTable
            case "v": kind = .view
            case "m": kind = .materializedView
            default: kind = row[3] == "u" ? .unloggedTable : .table
            }
            return DataDictionary.Relation(
                schema: row[0]!, name: row[1]!, kind: kind, comment: row[4], columns: [], primaryKey: [], uniqueKeys: [],
                foreignKeys: [], partitions: Int(row[5] ?? "0") ?? 0, derivedFrom: [], writtenBy: [])
        }
    }

    private func readColumns() throws -> [String: [DataDictionary.Column]] {
        let rows = try connection.query(
            """
            select n.nspname || '.' || c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                (not a.attnotnull)::text, pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum)
            from pg_attribute as a
            join pg_class as c on c.oid = a.attrelid
            join pg_namespace as n on n.oid = c.relnamespace
            left join pg_attrdef as d on d.adrelid = a.attrelid and d.adnum = a.attnum
            where n.nspname in (\(Self.schemaList)) and c.relkind in ('r', 'p', 'v', 'm') and not c.relispartition
                and a.attnum > 0 and not a.attisdropped
            order by 1, a.attnum
            """).rows
        var columns: [String: [DataDictionary.Column]] = [:]
        for row in rows {
            columns[row[0]!, default: []].append(
                .init(name: row[1]!, type: row[2]!, nullable: row[3] == "true", defaultValue: row[4], comment: row[5]))
        }
        return columns
    }

    private struct Key {
        enum Kind { case primary, unique, foreign(String, [String]) }
        var relation: String
        var kind: Kind
        var columns: [String]
    }

    /// Primary, unique and foreign keys from constraints, and unique
    /// indexes that are not constraints (a partial or expression index
    /// keeps its definition as its one "column").
    private func readKeys() throws -> [Key] {
        let columnNames = { (array: String, relation: String) in
            """
            array_to_string(array(select a.attname from unnest(\(array)) with ordinality as u(attnum, ord)
                join pg_attribute as a on a.attrelid = \(relation) and a.attnum = u.attnum order by u.ord), chr(31))
            """
        }
        let constraints = try connection.query(
            """
            select n.nspname || '.' || c.relname, k.contype::text, \(columnNames("k.conkey", "k.conrelid")),
                fn.nspname || '.' || fc.relname, \(columnNames("k.confkey", "k.confrelid"))
            from pg_constraint as k
            join pg_class as c on c.oid = k.conrelid
            join pg_namespace as n on n.oid = c.relnamespace
            left join pg_class as fc on fc.oid = k.confrelid
            left join pg_namespace as fn on fn.oid = fc.relnamespace
            where n.nspname in (\(Self.schemaList)) and not c.relispartition and k.contype in ('p', 'u', 'f')
                and k.conparentid = 0
            order by 1, k.contype, k.conname
            """).rows
        var keys = constraints.map { row -> Key in
            let columns = Self.split(row[2])
            switch row[1] {
            case "p": return Key(relation: row[0]!, kind: .primary, columns: columns)
            case "u": return Key(relation: row[0]!, kind: .unique, columns: columns)
            default: return Key(relation: row[0]!, kind: .foreign(row[3] ?? "", Self.split(row[4])), columns: columns)
            }
        }
        let indexes = try connection.query(
            """
            select n.nspname || '.' || c.relname,
                case when i.indexprs is null and i.indpred is null
                    then \(columnNames("i.indkey", "i.indrelid"))
                    else substring(pg_get_indexdef(i.indexrelid) from ' USING [a-z]+ (.*)$') end
            from pg_index as i
            join pg_class as c on c.oid = i.indrelid
            join pg_namespace as n on n.oid = c.relnamespace
            where n.nspname in (\(Self.schemaList)) and not c.relispartition and i.indisunique and not i.indisprimary
                and not exists (select 1 from pg_constraint as k where k.conindid = i.indexrelid)
            order by 1, 2
            """).rows
        keys += indexes.map { Key(relation: $0[0]!, kind: .unique, columns: Self.split($0[1])) }
        return keys
    }

    private static func split(_ text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        return text.components(separatedBy: separator)
    }

    private func readFunctions() throws -> [(function: DataDictionary.Function, body: String)] {
        let rows = try connection.query(
            """
            select n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
                coalesce(pg_get_function_result(p.oid), ''), obj_description(p.oid, 'pg_proc'), p.prosrc
            from pg_proc as p join pg_namespace as n on n.oid = p.pronamespace
            where n.nspname in (\(Self.schemaList)) and p.prokind in ('f', 'p')
            order by array_position(array[\(Self.schemaList)], n.nspname::text), p.proname, 3
            """).rows
        return rows.map { row in
            (DataDictionary.Function(
                schema: row[0]!, name: row[1]!, arguments: row[2] ?? "", result: row[3] ?? "", comment: row[4],
                reads: [], writes: []), row[5] ?? "")
        }
    }

    /// What each view's query reads: relations, and functions it calls.
    private func readViewSources() throws -> [String: (relations: [String], functions: [String])] {
        let rows = try connection.query(
            """
            select distinct vn.nspname || '.' || v.relname,
                case d.refclassid when 'pg_class'::regclass then 'r' else 'f' end,
                case d.refclassid when 'pg_class'::regclass then sn.nspname || '.' || s.relname
                    else pn.nspname || '.' || p.proname end
            from pg_rewrite as r
            join pg_class as v on v.oid = r.ev_class
            join pg_namespace as vn on vn.oid = v.relnamespace
            join pg_depend as d on d.classid = 'pg_rewrite'::regclass and d.objid = r.oid
                and d.refclassid in ('pg_class'::regclass, 'pg_proc'::regclass)
            left join pg_class as s on d.refclassid = 'pg_class'::regclass and s.oid = d.refobjid
            left join pg_namespace as sn on sn.oid = s.relnamespace
            left join pg_proc as p on d.refclassid = 'pg_proc'::regclass and p.oid = d.refobjid
            left join pg_namespace as pn on pn.oid = p.pronamespace
            where v.relkind in ('v', 'm') and vn.nspname in (\(Self.schemaList))
                and (s.oid is null or s.oid <> v.oid) and coalesce(sn.nspname, pn.nspname) in (\(Self.schemaList))
            order by 1, 2, 3
            """).rows
        var sources: [String: (relations: [String], functions: [String])] = [:]
        for row in rows {
            var entry = sources[row[0]!] ?? ([], [])
            if row[1] == "r" { entry.relations.append(row[2]!) } else { entry.functions.append(row[2]!) }
            sources[row[0]!] = entry
        }
        return sources
    }
}
