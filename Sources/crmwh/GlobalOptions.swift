import ArgumentParser

/// Options every command accepts.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "libpq connection string or URI (default: DATABASE_URL, PG* variables, or the embedded cluster).",
        valueName: "conninfo"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("Configuration file.", valueName: "path"))
    var config: String?

    @Option(name: .long, help: "Log format: text for people, json for log shippers.")
    var logFormat: LogFormat = .text

    @Flag(name: .long, help: "Only warnings and errors on stderr.")
    var quiet = false
}

enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
