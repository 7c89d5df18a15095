import Foundation
import PostgresClient

/// The production roles' privileges as code (`crmwh grants`): runs
/// `sql/grants/*.sql`, as docs/operations.md shows them, for the loader
/// (`crmwh_loader`) and the analysts (`crmwh_analyst`), connected as the
/// owner of the warehouse after `crmwh migrate`. Idempotent. It creates
/// missing roles (without login) only when asked, and checks afterwards
/// that the analysts can reach no personal data, whatever else they are
/// members of.
///
/// ```swift
/// let grants = Grants(connection: connection, sql: sql)
/// let plan = try grants.prepare(createRoles: false)   // throws naming a missing role
/// let report = try grants.apply(plan)
/// ```
public struct Grants {
    public static let loaderRole = "crmwh_loader"
    public static let analystRole = "crmwh_analyst"
    public static let roles = [loaderRole, analystRole]
    /// The relations holding personal data (names, email, phone, or the
    /// source systems' customer ids, which may be emails). The loader
    /// writes them; analysts read none of them.
    public static let personalDataRelations = ["dw.dim_customer", "dw.customer_profile", "dw.customer_source_key"]
    /// Schemas analysts get nothing of: staging holds the files' records,
    /// etl the raw text of rejected ones.
    public static let closedSchemas = ["staging", "etl"]
    /// What analysts read instead of `dw.dim_customer`.
    public static let analystCustomerView = "dw.dim_customer_analyst"
    static let refreshFunction = "mart.refresh_stored_reports()"
    static let warehouseSchemas = ["staging", "dw", "etl", "mart"]

    /// What `apply` will do, once `prepare` found it possible.
    public struct Plan: Sendable {
        /// Roles to create (without login) first.
        public var rolesToCreate: [String]
        /// The role applying the grants, owner of the warehouse.
        public var owner: String
        public var database: String
    }

    /// What `apply` did.
    public struct Report: Sendable {
        public var createdRoles: [String]
        public var owner: String
        public var database: String
    }

    let connection: Connection
    let sql: SQLDirectory

    public init(connection: Connection, sql: SQLDirectory) {
        self.connection = connection
        self.sql = sql
    }

    /// Checks that the grants can be applied: every migration applied,
    /// connected as the owner of the warehouse schemas and its database,
    /// the roles present (or `createRoles`). Throws a `configuration`
    /// error saying what to do otherwise.
    public func prepare(createRoles: Bool) throws -> Plan {
        try requireMigrated()
        let identity = try connection.query("select current_user::text, current_database()::text")
        let user = identity.string(0, 0) ?? ""
        let database = identity.string(0, 1) ?? ""
        try requireOwner(user: user, database: database)
        let missing = try connection.query(
            "select name from unnest($1::text[]) as r(name) where not exists (select 1 from pg_roles where rolname = r.name) order by 1",
            ["{" + Self.roles.joined(separator: ",") + "}"]
        ).rows.compactMap { $0[0] }
        if !missing.isEmpty && !createRoles {
            let list = missing.joined(separator: ", ")
            throw WarehouseError(
                .configuration,
                "role\(missing.count == 1 ? "" : "s") \(list) do\(missing.count == 1 ? "es" : "") not exist: create "
                    + "\(missing.count == 1 ? "it" : "them") as a superuser (docs/operations.md), or run crmwh grants "
                    + "--create-roles as a role with CREATEROLE (\(missing.count == 1 ? "it is" : "they are") created without login)")
        }
        return Plan(rolesToCreate: missing, owner: user, database: database)
    }

    /// Creates the plan's roles and applies every `sql/grants` file in one
    /// transaction, then checks what analysts can reach; nothing changes
    /// when any of it fails.
    @discardableResult
    public func apply(_ plan: Plan) throws -> Report {
        try connection.transaction {
            for role in plan.rolesToCreate {
                do {
                    try connection.execute("create role \(quoteIdentifier(role)) nologin")
                } catch let error as PostgresError where error.sqlState == SQLState.insufficientPrivilege {
                    throw WarehouseError(
                        .configuration,
                        "cannot create role \(role): \(plan.owner) lacks CREATEROLE; create it as a superuser "
                            + "(create role \(role) nologin) and run crmwh grants again")
                }
            }
            for url in try sql.files(in: "grants") {
                do {
                    try connection.execute(try String(contentsOf: url, encoding: .utf8))
                } catch let error as PostgresError {
                    throw WarehouseError(.configuration, "applying \(url.lastPathComponent) failed: \(error)")
                }
            }
            try verifyAnalystsSeeNoPersonalData()
        }
        return Report(createdRoles: plan.rolesToCreate, owner: plan.owner, database: plan.database)
    }

    /// Every migration applied: the grants name what the latest ones create.
    func requireMigrated() throws {
        let hasLedger = try connection.query("select to_regclass('etl.schema_migration') is not null").bool(0, 0) ?? false
        let applied = hasLedger
            ? Set(try connection.query("select name from etl.schema_migration").rows.compactMap { $0[0] }) : []
        let pending = try Migrator(connection: connection, sql: sql).migrations().map(\.name).filter { !applied.contains($0) }
        guard pending.isEmpty else {
            throw WarehouseError(
                .configuration,
                "the warehouse is not migrated (\(pending.count) migration(s) pending, first \(pending[0])); "
                    + "run crmwh migrate as the owner, then crmwh grants")
        }
    }

    /// Default privileges cover the objects of the role that sets them, and
    /// only a database's owner grants connecting to it: so the grants are
    /// applied as the role that owns the warehouse schemas and the database.
    func requireOwner(user: String, database: String) throws {
        let owners = try connection.query(
            """
            select n.nspname::text, pg_get_userbyid(n.nspowner)::text
            from pg_namespace as n
            where n.nspname = any($1::text[]) and n.nspowner <> (select oid from pg_roles where rolname = current_user)
            order by 1
            """, ["{" + Self.warehouseSchemas.joined(separator: ",") + "}"]
        ).rows
        if let first = owners.first {
            throw WarehouseError(
                .configuration,
                "crmwh grants runs as the owner of the warehouse schemas, the role crmwh migrate ran as: schema "
                    + "\(first[0] ?? "") belongs to \(first[1] ?? ""), connected as \(user)")
        }
        let ownsDatabase = try connection.query(
            "select pg_has_role(current_user, datdba, 'USAGE'), pg_get_userbyid(datdba)::text from pg_database where datname = current_database()")
        guard ownsDatabase.bool(0, 0) == true else {
            throw WarehouseError(
                .configuration,
                "crmwh grants decides who may connect to database \(database), which belongs to \(ownsDatabase.string(0, 1) ?? "another role"), "
                    + "not to \(user): as a superuser, alter database \(quoteIdentifier(database)) owner to \(quoteIdentifier(user))")
        }
    }

    /// Fails (rolling the grants back) when the analyst role can still read
    /// personal data: through a role it is a member of, a grant to PUBLIC,
    /// or a column grant.
    func verifyAnalystsSeeNoPersonalData() throws {
        let analyst = Self.analystRole
        var reachable: [String] = []
        for relation in Self.personalDataRelations {
            let readable = try connection.query(
                "select has_any_column_privilege($1, $2::regclass, 'select')", [analyst, relation]).bool(0, 0)
            if readable == true { reachable.append(relation) }
        }
        for schema in Self.closedSchemas {
            let usable = try connection.query("select has_schema_privilege($1, $2, 'usage')", [analyst, schema]).bool(0, 0)
            if usable == true { reachable.append("schema \(schema)") }
        }
        let refreshes = try connection.query(
            "select has_function_privilege($1, $2::regprocedure, 'execute')", [analyst, Self.refreshFunction]).bool(0, 0)
        if refreshes == true { reachable.append("execute \(Self.refreshFunction)") }
        guard reachable.isEmpty else {
            throw WarehouseError(
                .configuration,
                "\(analyst) would still reach \(reachable.joined(separator: ", ")) through a role it is a member of, "
                    + "a grant to PUBLIC or a column grant; remove that grant (\\dp in psql shows it) and run crmwh grants again")
        }
    }
}
