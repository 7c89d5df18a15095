import ArgumentParser
import Marts
import Runtime
import Warehouse

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending sql/migrations to the warehouse and install the marts.",
        discussion: """
            Each migration runs in its own transaction and is recorded with its checksum in \
            etl.schema_migration. Running it again applies nothing. A migration file changed \
            after it was applied is refused. Then installs the marts (sql/marts): run it as the \
            owner of the warehouse schema after each upgrade when the nightly job runs as a \
            role that owns nothing.
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let runtime = try global.runtime()
        let logger = runtime.logger
        let connection = try runtime.connect()
        let applied = try runtime.migrate(connection)
        if applied.isEmpty {
            logger.info("warehouse is up to date; no migration applied")
        } else {
            for name in applied { logger.info("applied migration \(name)") }
            logger.info("applied \(applied.count) migration(s)")
        }
    }
}
