import ArgumentParser
import Foundation
import Logging
import Reports
import Warehouse

struct Refresh: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install the marts and rebuild what new data changed.",
        discussion: """
            Rebuilds the month aggregates of the months whose sales arrived since the last \
            refresh (and those in which products added or changed since were sold), the \
            campaign touches of new interactions, and the customer snapshot of those months and the 11 after each, and \
            updates the marts at the latest data (value, RFM, trends, cohorts, KPIs, the \
            stored reports) for the customers whose sales changed; --full rebuilds \
            everything (needed after changing mart.settings). Installs the marts first when \
            run as the owner of schema mart; any other role uses what crmwh migrate installed. \
            Takes the warehouse lock: exits 75 while another run holds it.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Rebuild every month, not only the changed ones.")
    var full = false

    func run() throws {
        let logger = global.makeLogger()
        let access = try WarehouseAccess(global: global, logger: logger)
        let connection = try access.connect()
        let summary = try WarehouseLock.holding(connection) {
            try MartRefresher(connection: connection, sql: try access.sqlDirectory()).refresh(full: full)
        }
        let metadata: Logger.Metadata = [
            "refresh.full": "\(summary.isFull)",
            "refresh.changed_months": "\(summary.changedMonths.count)",
            "refresh.snapshot_months": "\(summary.snapshotMonths)",
            "refresh.snapshot_rows": "\(summary.snapshotRows)",
            "refresh.seconds": "\(String(format: "%.2f", summary.seconds))",
            "refresh.steps": "\(summary.steps.map { "\($0.name): \(String(format: "%.2f", $0.seconds))" }.joined(separator: ", "))",
        ]
        if summary.isUpToDate {
            logger.info("marts are up to date; KPIs recomputed", metadata: metadata)
        } else {
            logger.info("refreshed the marts", metadata: metadata)
        }
    }
}
