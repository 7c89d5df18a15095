import ArgumentParser
import Runtime

@main
struct CRMWH: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crmwh",
        abstract: "Batch ETL and data warehouse for CRM analytics on PostgreSQL.",
        discussion: """
            Loads contact, transaction, product, campaign and interaction feeds into a \
            star schema and computes customer value reports from it.

            Database, the same for every command: --database, else CRMWH_DATABASE, else \
            DATABASE_URL, else database: in the config file, else the PG* variables, service file \
            and .pgpass as libpq reads them, else the embedded cluster while it runs (crmwh db \
            start or crmwh demo create it in CRMWH_HOME, the config's home:, else .crmwh/). \
            Configuration: --config, else CRMWH_CONFIG, else config/crmwh.yaml when present; \
            crmwh config check prints what every command will use.
            """,
        version: Runtime.version,
        subcommands: [
            Db.self,
            Migrate.self,
            GrantsCommand.self,
            Load.self,
            Run.self,
            Runs.self,
            Refresh.self,
            Report.self,
            Export.self,
            Clv.self,
            Score.self,
            Simulate.self,
            Demo.self,
            Generate.self,
            Inspect.self,
            Docs.self,
            Doctor.self,
            ConfigCommand.self,
        ]
    )
}


