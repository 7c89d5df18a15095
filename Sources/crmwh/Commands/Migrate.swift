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
            role that owns nothing. On Citus (warehouse.engine: citus, or --distributed) it then \
            makes the dimensions reference tables and distributes the customer-grain tables and \
            facts by customer_id (docs/scaling.md); the database needs the citus extension and \
            its worker nodes added first.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Distribute the tables on Citus, as warehouse.engine: citus does.")
    var distributed = false

    func run() throws {
        let runtime = try global.runtime()
        let logger = runtime.logger
        let connection = try runtime.connect()
        let applied = try runtime.migrate(connection, distributed: distributed)
        if applied.isEmpty {
            logger.info("warehouse is up to date; no migration applied")
        } else {
            for name in applied { logger.info("applied migration \(name)") }
            logger.info("applied \(applied.count) migration(s)")
        }
    }
}
