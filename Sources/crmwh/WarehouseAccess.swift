import Foundation
import Logging
import PostgresClient
import Warehouse

/// Opens the warehouse a command works on, starting the embedded cluster
/// when nothing else is configured, and says what it did.
struct WarehouseAccess {
    let target: DatabaseTarget
    let logger: Logger

    init(global: GlobalOptions, logger: Logger) throws {
        self.target = try DatabaseTarget.resolve(flag: global.database)
        self.logger = logger
    }

    func connect() throws -> Connection {
        let (conninfo, actions) = try target.connectionString()
        for action in actions { logger.info("\(action)") }
        return try Connection(conninfo)
    }

    func sqlDirectory() throws -> SQLDirectory {
        try SQLDirectory.locate()
    }
}
