import ArgumentParser
import Foundation

/// `crmwh config …`: the configuration file.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the configuration.",
        subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the configuration and print it as it will be used.",
            discussion: """
                Reads --config (default: config/crmwh.yaml if present, else built-in defaults), applies the \
                CRMWH_* environment variables and --database, and prints the effective values: directories \
                resolved, feeds in load order, the database without its password. Exit 2 names the key and \
                file of the first mistake. Does not connect to the database.
                """)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let config = try CRMWHConfig.load(path: global.config)
            // The embedded cluster needs PostgreSQL's binaries only when used, not to check a config.
            let database: String
            do {
                database = CRMWHConfig.describe(try config.databaseTarget(flag: global.database))
            } catch {
                database = "(embedded cluster, not available here: \(error))"
            }
            print(config.effectiveYAML(database: database), terminator: "")
        }
    }
}
