import ArgumentParser
import Warehouse

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending sql/migrations to the warehouse.",
        discussion: """
            Each migration runs in its own transaction and is recorded with its checksum in \
            etl.schema_migration. Running it again applies nothing. A migration file changed \
            after it was applied is refused.
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let logger = global.makeLogger()
        let access = try WarehouseAccess(global: global, logger: logger)
        let connection = try access.connect()
        let applied = try WarehouseLock.holding(connection) {
            try Migrator(connection: connection, sql: try access.sqlDirectory()).migrate()
        }
        if applied.isEmpty {
            logger.info("warehouse is up to date; no migration applied")
        } else {
            for name in applied { logger.info("applied migration \(name)") }
            logger.info("applied \(applied.count) migration(s)")
        }
    }
}
