import PostgresClient

/// Where the warehouse's tables live: one PostgreSQL server, or a Citus
/// cluster whose coordinator crmwh talks to (sql/distribute/citus.sql says
/// which tables are reference tables and which are distributed by customer).
/// The migrations, loads, marts and reports are the same on both.
public enum WarehouseEngine: String, CaseIterable, Sendable {
    case postgresql
    case citus

    /// Places the tables on the cluster's nodes; idempotent, so it runs after
    /// every migrate and places the tables new migrations added.
    public static func distribute(_ connection: Connection, sql: SQLDirectory) throws {
        do {
            try connection.execute(try sql.text("distribute/citus.sql"))
        } catch let error as PostgresError {
            throw WarehouseError(.configuration, "distributing the warehouse on Citus failed: \(error)")
        }
    }

    /// Whether `table` (a schema-qualified name) is a Citus distributed or
    /// reference table in this database: then loads write through the
    /// coordinator (no direct COPY with savepoint fallbacks, no index rebuilds).
    public static func isDistributed(_ connection: Connection, table: String) throws -> Bool {
        // The catalog only exists with the extension: ask for it first.
        guard try connection.query("select to_regclass('pg_catalog.pg_dist_partition') is not null").bool(0, 0) == true else {
            return false
        }
        return try connection.query(
            "select exists (select 1 from pg_catalog.pg_dist_partition where logicalrelid = to_regclass($1))", [table]
        ).bool(0, 0) == true
    }
}
