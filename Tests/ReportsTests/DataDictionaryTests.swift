import Foundation
import Marts
import PostgresClient
@testable import Reports
import TestSupport
import XCTest

/// `crmwh docs`: the data dictionary read from a migrated warehouse with
/// its marts installed, checked against the catalog queried separately
/// (information_schema), and a hand-made lineage in the staging schema.
final class DataDictionaryTests: XCTestCase {
    nonisolated(unsafe) static var shared: (conninfo: String, dictionary: DataDictionary)?

    /// One warehouse per process, with a small lineage planted in `staging`:
    /// a table filled by a function (comments naming another table must
    /// not count), and a view over a function that reads the source.
    func warehouse() throws -> (conninfo: String, dictionary: DataDictionary) {
        if let shared = Self.shared { return shared }
        let conninfo = try TestCluster.makeMigratedDatabase(prefix: "dictionary")
        let connection = try Connection(conninfo)
        try MartRefresher(connection: connection, sql: try TestCluster.repositorySQL()).installMarts()
        try connection.execute(
            """
            create table staging.dd_source (id int primary key, label text);
            create table staging.dd_other (id int);
            create table staging.dd_target (id int primary key references staging.dd_source (id), label text);
            comment on table staging.dd_target is 'Copies <of> "sources" | with a pipe & more';
            comment on column staging.dd_target.label is 'The label, line one
            line two';
            create function staging.dd_reader() returns setof staging.dd_source language sql as
                'select * from staging.dd_source';
            create function staging.dd_fill() returns void language plpgsql as $$
            begin
                -- insert into staging.dd_other (a comment, not a write)
                /* select * from staging.dd_other */
                delete from staging.dd_target;
                insert into staging.dd_target select id, label from staging.dd_reader();
            end $$;
            create view staging.dd_view as select r.id from staging.dd_reader() as r;
            """)
        let dictionary = try DataDictionaryReader(connection: connection).read()
        Self.shared = (conninfo, dictionary)
        return (conninfo, dictionary)
    }

    func relation(_ name: String) throws -> DataDictionary.Relation {
        try XCTUnwrap(try warehouse().dictionary.relations.first { $0.qualifiedName == name }, name)
    }

    func testEveryTableAndViewOfTheSchemasIsDescribedOnce() throws {
        let (conninfo, dictionary) = try warehouse()
        let expected = try Connection(conninfo).query(
            """
            select t.table_schema || '.' || t.table_name from information_schema.tables as t
            where t.table_schema in ('dw', 'mart', 'etl', 'staging')
                and t.table_name not in (
                    select c.relname from pg_class as c join pg_inherits as i on i.inhrelid = c.oid
                    join pg_namespace as n on n.oid = c.relnamespace where n.nspname = t.table_schema)
            union all
            select schemaname || '.' || matviewname from pg_matviews where schemaname in ('dw', 'mart', 'etl', 'staging')
            """).rows.map { $0[0]! }
        let described = dictionary.relations.map(\.qualifiedName)
        XCTAssertEqual(Set(described), Set(expected))
        XCTAssertEqual(described.count, Set(described).count, "each once")
        XCTAssertTrue(described.contains("dw.fact_sales"))
        XCTAssertGreaterThan(try relation("dw.fact_sales").partitions, 0, "monthly partitions folded into the parent")
    }

    func testColumnsKeysAndCommentsMatchTheCatalog() throws {
        let (conninfo, _) = try warehouse()
        let connection = try Connection(conninfo)
        for table in ["dw.dim_customer", "dw.fact_sales", "mart.customer_value_current", "etl.run"] {
            let parts = table.split(separator: ".").map(String.init)
            let catalog = try connection.query(
                """
                select column_name, data_type, is_nullable,
                    col_description((table_schema || '.' || table_name)::regclass, ordinal_position)
                from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position
                """, [parts[0], parts[1]]).rows
            let columns = try relation(table).columns
            XCTAssertEqual(columns.map(\.name), catalog.map { $0[0]! }, table)
            XCTAssertEqual(columns.map(\.nullable), catalog.map { $0[2] == "YES" }, table)
            XCTAssertEqual(columns.map(\.comment), catalog.map { $0[3] }, table)
            for (column, row) in zip(columns, catalog) {
                // format_type gives e.g. numeric(14,2) where information_schema says numeric.
                let type = row[1]!
                XCTAssertTrue(
                    type == "ARRAY" ? column.type.hasSuffix("[]") : type == "USER-DEFINED" || column.type.hasPrefix(type),
                    "\(table).\(column.name): \(column.type) against \(type)")
            }
            let primaryKey = try connection.query(
                """
                select k.column_name from information_schema.table_constraints as c
                join information_schema.key_column_usage as k using (constraint_schema, constraint_name)
                where c.table_schema = $1 and c.table_name = $2 and c.constraint_type = 'PRIMARY KEY'
                order by k.ordinal_position
                """, [parts[0], parts[1]]).rows.map { $0[0]! }
            XCTAssertEqual(try relation(table).primaryKey, primaryKey, table)
        }
        XCTAssertNotNil(try relation("dw.fact_sales").comment)
    }

    func testLineageFollowsWritesAndCallsNotComments() throws {
        let target = try relation("staging.dd_target")
        XCTAssertEqual(target.writtenBy, ["staging.dd_fill"])
        XCTAssertEqual(target.derivedFrom, ["staging.dd_source"], "read through dd_reader(); dd_other is only in comments")
        XCTAssertEqual(target.foreignKeys, [.init(columns: ["id"], references: "staging.dd_source", referencedColumns: ["id"])])
        XCTAssertEqual(try relation("staging.dd_view").derivedFrom, ["staging.dd_source"])
        XCTAssertEqual(try relation("staging.dd_view").kind, .view)
        XCTAssertEqual(try relation("staging.dd_other").writtenBy, [])
        // Real marts: the customer-day base is written by the base refresh
        // from the facts; the stored customer value is a view of the summary.
        let base = try relation("mart.customer_day")
        XCTAssertTrue(base.writtenBy.contains("mart.refresh_base"), "\(base.writtenBy)")
        XCTAssertTrue(base.derivedFrom.contains("dw.fact_sales"), "\(base.derivedFrom)")
        XCTAssertEqual(try relation("mart.customer_value_current").derivedFrom, ["mart.customer_summary"])
    }

    func testLineageReadsCodeNotCommentsOrStrings() {
        XCTAssertEqual(DictionaryLineage.code("a -- b.c\nd /* e.f */ g 'x.y -- ''z''' h"), "a \nd   g '''''' h")
        let lineage = DictionaryLineage(
            relations: ["s.a", "s.b", "s.c", "s.d"],
            functions: [("s.f", "truncate s.a, s.b; analyze s.c; insert into s.a select * from s.d where 's.c' <> ''")])
        XCTAssertEqual(lineage.writes(of: "s.f"), ["s.a", "s.b"])
        XCTAssertEqual(lineage.reads(of: "s.f"), ["s.d"])
        XCTAssertEqual(lineage.sources(of: "s.b"), ["s.d"])
    }

    func testFilesAreWrittenEscapedAndLinked() throws {
        let (_, dictionary) = try warehouse()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-docs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let paths = try DataDictionaryFiles.write(dictionary, to: directory.appendingPathComponent("nested").path)
        XCTAssertEqual(paths.map { URL(fileURLWithPath: $0).lastPathComponent }, ["index.html", "data-dictionary.md"])
        for path in paths {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o644, path)
        }
        let html = try String(contentsOfFile: paths[0], encoding: .utf8)
        XCTAssertTrue(html.contains("<meta name=\"viewport\""))
        XCTAssertTrue(html.contains("Copies &lt;of&gt; &quot;sources&quot; | with a pipe &amp; more"))
        XCTAssertFalse(html.contains("<of>"))
        XCTAssertFalse(html.contains("<script"))
        // Every in-page link has its target.
        let ids = Set(Self.captures(#"id="([^"]+)""#, in: html))
        let links = Self.captures(##"href="#([^"]+)""##, in: html)
        XCTAssertFalse(links.isEmpty)
        XCTAssertEqual(links.filter { !ids.contains($0) }, [])
        for relation in dictionary.relations { XCTAssertTrue(ids.contains(relation.qualifiedName), relation.qualifiedName) }

        let markdown = try String(contentsOfFile: paths[1], encoding: .utf8)
        XCTAssertTrue(markdown.contains("### `staging.dd_target` (table)"))
        XCTAssertTrue(markdown.contains("| `label` | text | yes |  | The label, line one line two |"))
        XCTAssertTrue(markdown.contains("Copies <of> \"sources\" | with a pipe & more"), "prose outside tables as is")
        XCTAssertTrue(markdown.contains("- Derived from: staging.dd_source"))
        // Every row has its header's cells: five for columns, four for
        // functions (escaped pipes stay inside a cell).
        for line in markdown.split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.replacingOccurrences(of: "\\|", with: "").split(separator: "|", omittingEmptySubsequences: false)
            XCTAssertTrue(cells.count == 7 || cells.count == 6, String(line))
        }
        XCTAssertTrue(markdown.contains("| `label` | text | yes |  | The label, line one line two |"))
    }

    func testCommandWritesTheDictionary() throws {
        let (conninfo, _) = try warehouse()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("crmwh-docs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try BuiltBinary.run(["docs", "--out", directory.path, "--database", conninfo])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.split(separator: "\n").map(String.init),
                       [directory.appendingPathComponent("index.html").path, directory.appendingPathComponent("data-dictionary.md").path])
        let markdown = try String(contentsOf: directory.appendingPathComponent("data-dictionary.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("### `dw.fact_sales` (partitioned table)"))
        let missing = try BuiltBinary.run(["docs", "--database", conninfo])
        XCTAssertEqual(missing.status, 2, "--out is required")
    }

    static func captures(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
            String(text[Range($0.range(at: 1), in: text)!])
        }
    }
}
