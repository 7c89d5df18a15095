import Marts
import PostgresClient
import Warehouse

extension Runtime {
    /// Applies pending migrations and installs the marts, under the lock;
    /// on Citus (`warehouse.engine`, or `distributed`) then places the
    /// tables on the nodes. The run is recorded in `etl.run` once the audit
    /// tables exist (on a new warehouse, after the migration that creates them).
    public func migrate(_ connection: Connection, distributed: Bool = false) throws -> [String] {
        let engine: WarehouseEngine = distributed ? .citus : config.warehouse.engine
        let sql = try sqlDirectory()
        let audited = try connection.query("select to_regclass('etl.run') is not null").bool(0, 0) == true
        let work = { () throws -> [String] in
            let applied = try Migrator(connection: connection, sql: sql).migrate()
            try connection.transaction {
                try MartRefresher(connection: connection, sql: sql).installMarts()
                try refillStoredReports(connection)
            }
            if engine == .citus { try WarehouseEngine.distribute(connection, sql: sql) }
            return applied
        }
        guard audited else {
            return try holdingLock(connection) {
                let applied = try work()
                let recorder = try RunRecorder(connection: connection, command: "migrate", version: Runtime.version)
                try recorder.finish(status: "succeeded", summary: ["migrations_applied": applied.count])
                return applied
            }
        }
        return try writer("migrate", on: connection) { recorder in
            let applied = try work()
            try recorder.finish(status: "succeeded", summary: ["migrations_applied": applied.count])
            return applied
        }
    }

    /// Installing the marts recreates the stored reports (materialized
    /// views) empty, and reading one then fails with "materialized view …
    /// has not been populated" until the next refresh. On a warehouse whose
    /// marts were refreshed before (a row in etl.refresh_state, as
    /// `RefreshMarks` reads it) they are filled again from the refreshed marts.
    private func refillStoredReports(_ connection: Connection) throws {
        let refreshed = try connection.query("select 1 from etl.refresh_state where subject = 'marts'")
        if refreshed.rowCount > 0 {
            try connection.query("select mart.refresh_stored_reports()")
        }
    }
}
