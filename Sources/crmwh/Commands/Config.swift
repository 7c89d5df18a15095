import ArgumentParser
import Foundation
import Runtime

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
                Reads --config (default: CRMWH_CONFIG, else config/crmwh.yaml if present, else built-in \
                defaults), applies the CRMWH_* environment variables and --database, and prints the \
                effective values every command uses: the database (without its password) and where it \
                came from, the embedded cluster's home, directories resolved, feeds in load order, the \
                analysis parameters refresh writes to mart.settings. Exit 2 names the key and file of \
                the first mistake. Does not connect to the database.
                """)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let runtime = try global.runtime()
            print(runtime.config.effectiveYAML(database: runtime.databaseDescription, home: runtime.embeddedHome), terminator: "")
        }
    }
}
