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
            Load.self,
            Run.self,
            Runs.self,
            Refresh.self,
            Report.self,
            Export.self,
            Clv.self,
            Demo.self,
            Generate.self,
            Inspect.self,
            ConfigCommand.self,
        ]
    )
}

enum CRMWHVersion {
    static let current = "0.1.0"
}
