import ArgumentParser
import Foundation
import Runtime
import Warehouse

struct Db: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the embedded PostgreSQL cluster.",
        discussion: """
            The embedded cluster lives in $CRMWH_HOME, else the config file's home:, else .crmwh/ in \
            the working directory: its own data directory, a unix socket inside it and no TCP \
            listener. Only `db start` and `demo` create or start it; other commands use it while it \
            runs and no other database is configured. As root, crmwh runs the server as the \
            'postgres' system user (PostgreSQL refuses root) and gives it the directory.
            """,
        subcommands: [Start.self, Stop.self, Status.self, Url.self]
    )

    /// The embedded cluster at the home every command uses (CRMWH_HOME, the config's home:, else .crmwh).
    static func cluster(_ global: GlobalOptions) throws -> EmbeddedCluster {
        try global.runtime().embeddedCluster()
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the cluster if needed and start it.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let logger = global.makeLogger()
            let cluster = try Db.cluster(global)
            let actions = try cluster.start()
            if actions.isEmpty { logger.info("PostgreSQL is already running in \(cluster.directory.path)") }
            for action in actions { logger.info("\(action)") }
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the cluster (open sessions are rolled back).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let logger = global.makeLogger()
            let cluster = try Db.cluster(global)
            let stopped = try cluster.stop()
            logger.info(stopped ? "stopped PostgreSQL in \(cluster.directory.path)" : "PostgreSQL is not running")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether the cluster is running; exit 0 if it is, 3 if not.")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let cluster = try Db.cluster(global)
            let state = !cluster.isInitialized ? "not created" : cluster.isRunning ? "running" : "stopped"
            print("embedded cluster: \(state)")
            print("directory: \(cluster.directory.path)")
            if cluster.isRunning { print("url: \(cluster.connectionString)") }
            if !cluster.isRunning { throw ExitCode(3) }
        }
    }

    struct Url: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the cluster's libpq connection string (for psql or a BI tool).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            print(try Db.cluster(global).connectionString)
        }
    }
}
