import Foundation
import PostgresClient

/// Applies `sql/migrations/NNNN_name.sql` in order, each in its own
/// transaction, and records name and checksum in `etl.schema_migration`.
/// An applied file that has since changed is refused: migrations are
/// never edited once released.
public struct Migrator {
    public struct Migration {
        public let name: String
        public let sql: String
        public var checksum: String {
            SHA256Digest.hex(of: sql.utf8)
        }
    }

    let connection: Connection
    let sql: SQLDirectory

    public init(connection: Connection, sql: SQLDirectory) {
        self.connection = connection
        self.sql = sql
    }

    public func migrations() throws -> [Migration] {
        try sql.files(in: "migrations").map { url in
            Migration(name: url.deletingPathExtension().lastPathComponent, sql: try String(contentsOf: url, encoding: .utf8))
        }
    }

    /// Applies what is pending; returns the names applied (empty when the
    /// warehouse was already current).
    @discardableResult
    public func migrate(dateRange: ClosedRange<String> = "1990-01-01"..."2040-12-31") throws -> [String] {
        // Only a new warehouse needs the ledger created: `create … if not
        // exists` still asks for the privilege, which a loader role lacks.
        let hasLedger = try connection.query("select to_regclass('etl.schema_migration') is not null").bool(0, 0) ?? false
        if !hasLedger {
            try connection.execute(
            """
            create schema if not exists etl;
            create table if not exists etl.schema_migration (
                name text primary key,
                checksum text not null,
                applied_at timestamptz not null default now()
            );
            """)
        }
        let applied = Dictionary(
            uniqueKeysWithValues: try connection.query("select name, checksum from etl.schema_migration").rows.map {
                ($0[0]!, $0[1]!)
            })
        var newlyApplied: [String] = []
        for migration in try migrations() {
            if let checksum = applied[migration.name] {
                guard checksum == migration.checksum else {
                    throw WarehouseError(
                        .migration,
                        "migration \(migration.name).sql was changed after it was applied "
                            + "(checksum \(migration.checksum.prefix(12)) ≠ recorded \(checksum.prefix(12))); "
                            + "restore it and put the change in a new migration")
                }
                continue
            }
            do {
                try connection.transaction {
                    try connection.execute(migration.sql)
                    try connection.query(
                        "insert into etl.schema_migration (name, checksum) values ($1, $2)",
                        [migration.name, migration.checksum])
                }
            } catch let error as PostgresError {
                throw WarehouseError(.migration, "migration \(migration.name).sql failed: \(error)")
            }
            newlyApplied.append(migration.name)
        }
        try connection.query(
            "select dw.populate_dim_date($1::date, $2::date)", [dateRange.lowerBound, dateRange.upperBound])
        return newlyApplied
    }
}
