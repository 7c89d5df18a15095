import Foundation
import PostgresClient
import Warehouse

/// The checks that need the warehouse: its schema against this crmwh's
/// migrations, the marts, what the connected role may do, and the lock.
struct DoctorDatabase {
    static let checkNames = ["schema", "marts", "privileges", "lock"]

    let connection: Connection
    let sql: SQLDirectory?

    func checks() -> [DoctorCheck] {
        [schema(), marts(), privileges(), lock()]
    }

    private func failure(_ name: String, _ error: Error) -> DoctorCheck {
        .fail(name, "\(error)", fix: "see the message; crmwh config check shows the database in use")
    }

    /// Applied migrations against the files: pending ones (run crmwh
    /// migrate), changed ones, and ones this crmwh does not know (the
    /// warehouse was migrated by a newer version).
    private func schema() -> DoctorCheck {
        guard let sql else { return .skipped("schema", because: "no sql directory") }
        do {
            guard try connection.query("select to_regclass('etl.schema_migration') is not null").bool(0, 0) == true else {
                return .fail("schema", "the database is not a crmwh warehouse yet (no etl.schema_migration)", fix: "crmwh migrate")
            }
            let applied = Dictionary(
                uniqueKeysWithValues: try connection.query("select name, checksum from etl.schema_migration").rows.map { ($0[0]!, $0[1]!) })
            let files = try Migrator(connection: connection, sql: sql).migrations()
            let pending = files.filter { applied[$0.name] == nil }.map(\.name)
            let changed = files.filter { file in applied[file.name].map { $0 != file.checksum } ?? false }.map(\.name)
            let unknown = Set(applied.keys).subtracting(files.map(\.name)).sorted()
            if !unknown.isEmpty {
                return .fail(
                    "schema", "applied migrations this crmwh does not have: \(unknown.joined(separator: ", "))",
                    fix: "run the crmwh version that migrated this warehouse (or newer)")
            }
            if !changed.isEmpty {
                return .fail(
                    "schema", "migrations changed after they were applied: \(changed.joined(separator: ", "))",
                    fix: "restore those files; put schema changes in a new migration")
            }
            if !pending.isEmpty {
                return .fail(
                    "schema", "\(pending.count) pending migration\(pending.count == 1 ? "" : "s"): \(pending.joined(separator: ", "))",
                    fix: "crmwh migrate (as the warehouse owner)")
            }
            return .ok("schema", "current: \(applied.count) migrations, the last \(files.last?.name ?? "-")")
        } catch {
            return failure("schema", error)
        }
    }

    private func marts() -> DoctorCheck {
        do {
            // The function the refresh installs last.
            guard try connection.query("select to_regprocedure('mart.refresh_stored_reports()') is not null").bool(0, 0) == true else {
                return .fail("marts", "the mart functions are not installed", fix: "crmwh migrate (installs them) or crmwh refresh")
            }
            let asOf = try connection.query("select max(as_of)::text from etl.refresh_state").string(0, 0)
            return .ok("marts", asOf.map { "installed; refreshed to \($0)" } ?? "installed; not refreshed yet (the first run does it)")
        } catch {
            return failure("marts", error)
        }
    }

    /// The nightly job writes the star, the audit and the marts.
    private func privileges() -> DoctorCheck {
        do {
            let missing = try connection.query(
                """
                select t.name from unnest(array['dw.fact_sales', 'dw.dim_customer', 'etl.run', 'etl.file', 'etl.reject',
                    'mart.customer_day', 'dw.customer_score']) as t(name)
                where to_regclass(t.name) is not null and not has_table_privilege(t.name, 'INSERT')
                order by 1
                """).rows.map { $0[0]! }
            let role = try connection.query("select current_user::text").string(0, 0) ?? "?"
            guard missing.isEmpty else {
                return .fail(
                    "privileges", "role \(role) cannot insert into \(missing.joined(separator: ", "))",
                    fix: "run the nightly job as the warehouse owner or the loader role (crmwh grants)")
            }
            return .ok("privileges", "role \(role) can write the star, the audit and the marts")
        } catch {
            return failure("privileges", error)
        }
    }

    /// Free now, or held by a run that is still going (which the nightly
    /// job would wait for by exiting 75).
    private func lock() -> DoctorCheck {
        do {
            guard try connection.tryAdvisoryLock(WarehouseLock.key) else {
                let holder = try? RunHistory(connection: connection).currentHolder()
                let who = holder.map { "run \($0.runID) (\($0.command), started \($0.startedAt) UTC, pid \($0.pid))" } ?? "another session"
                return .fail(
                    "lock", "the warehouse lock is held by \(who)",
                    fix: "wait for it to finish; crmwh runs shows it (a run would exit 75 now)")
            }
            _ = try connection.releaseAdvisoryLock(WarehouseLock.key)
            return .ok("lock", "free")
        } catch {
            return failure("lock", error)
        }
    }
}
