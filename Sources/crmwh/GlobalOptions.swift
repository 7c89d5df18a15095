import ArgumentParser
import Runtime

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "libpq connection string or URI (default: CRMWH_DATABASE, DATABASE_URL, the config's database:, the PG* variables, then a running embedded cluster).",
        valueName: "conninfo"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("Configuration file (default: CRMWH_CONFIG, else config/crmwh.yaml when present).", valueName: "path"))
    var config: String?

    @Option(name: .long, help: "Log format: text for people, json for log shippers.")
    var logFormat: LogFormat = .text

    @Flag(name: .long, help: "Only warnings and errors on stderr.")
    var quiet = false
}

enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

extension GlobalOptions {
    /// The context the command runs in: configuration, database, SQL, logger.
    func runtime() throws -> Runtime {
        try Runtime(options: RuntimeOptions(database: database, configPath: config), logger: makeLogger())
    }
}
