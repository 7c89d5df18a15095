import Foundation
import Logging
import Warehouse

extension WarehouseAccess {
    /// Opens the warehouse the config selects: `--database`, else
    /// `CRMWH_DATABASE`, `DATABASE_URL`, the file's `database:`, the PG*
    /// variables, the embedded cluster.
    init(global: GlobalOptions, config: CRMWHConfig, logger: Logger,
         environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.target = try config.databaseTarget(flag: global.database, environment: environment)
        self.logger = logger
    }
}
