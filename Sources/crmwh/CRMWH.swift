import ArgumentParser

@main
struct CRMWH: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crmwh",
        abstract: "Batch ETL and data warehouse for CRM analytics on PostgreSQL.",
        discussion: """
            Loads contact, transaction, product, campaign and interaction feeds into a \
            star schema and computes customer value reports from it.

            Database: --database, else DATABASE_URL, else the PG* variables, .pgpass or \
            service file as libpq reads them; with none of these, a private cluster under \
            .crmwh/ that crmwh creates and starts itself.
            """,
        version: CRMWHVersion.current,
        subcommands: [
            Db.self,
            Migrate.self,
            Inspect.self,
            Generate.self,
            Refresh.self,
            Report.self,
            Export.self,
        ]
    )
}

enum CRMWHVersion {
    static let current = "0.1.0"
}
