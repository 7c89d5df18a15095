import ArgumentParser
import Runtime
import Warehouse

/// `crmwh grants`: the production roles' privileges (docs/operations.md).
struct GrantsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grants",
        abstract: "Grant the loader and analyst roles what they need, and nothing more.",
        discussion: """
            Applies sql/grants as docs/operations.md shows it: crmwh_loader may load, score and \
            refresh (and run mart.refresh_stored_reports(), which only it and the owner may); crmwh_analyst \
            may read the marts and the star but no personal data: customers through \
            dw.dim_customer_analyst, without names, email or phone, and nothing of \
            dw.dim_customer, dw.customer_profile, dw.customer_source_key, staging or etl. Run it \
            as the owner of the warehouse (the role crmwh migrate runs as, owning the database) \
            after each crmwh migrate; running it again changes nothing. A missing role is an \
            error (exit 2) unless --create-roles creates it, without login. Takes the warehouse \
            lock and records a run in etl.run.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Create crmwh_loader and crmwh_analyst (without login) when they do not exist; needs CREATEROLE.")
    var createRoles = false

    func run() throws {
        let runtime = try global.runtime()
        let logger = runtime.logger
        let connection = try runtime.connect()
        let grants = Grants(connection: connection, sql: try runtime.sqlDirectory())
        let plan = try grants.prepare(createRoles: createRoles)
        let report = try runtime.writer("grants", on: connection) { recorder in
            let report = try grants.apply(plan)
            try recorder.finish(status: "succeeded", summary: ["roles_created": report.createdRoles])
            return report
        }
        for role in report.createdRoles {
            logger.info("created role \(role) without login: grant it to login roles, or alter role \(role) login")
        }
        logger.info(
            "granted \(Grants.loaderRole): load, score and refresh; executes mart.refresh_stored_reports()",
            metadata: ["database": "\(report.database)", "owner": "\(report.owner)"])
        logger.info(
            "granted \(Grants.analystRole): read mart and dw without personal data (customers through \(Grants.analystCustomerView))",
            metadata: ["database": "\(report.database)", "owner": "\(report.owner)"])
    }
}
