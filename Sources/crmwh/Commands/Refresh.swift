import ArgumentParser
import Foundation
import Logging
import Marts
import Runtime
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
            everything. The analysis: section of the configuration (tier shares, churn window, \
            response window, pair support, trend thresholds) is written to mart.settings first; a \
            changed value rebuilds everything. Installs the marts first when \
            run as the owner of schema mart; any other role uses what crmwh migrate installed. \
            Takes the warehouse lock (exits 75 while another run holds it) and records a run in \
            etl.run, so crmwh runs shows it while it works.
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Rebuild every month, not only the changed ones.")
    var full = false

    func run() throws {
        let runtime = try global.runtime()
        let logger = runtime.logger
        let connection = try runtime.connect()
        let sql = try runtime.sqlDirectory()
        let progress = StepProgress(label: "refresh", logger: logger, quiet: global.quiet)
        let summary = try runtime.writer(full ? "refresh --full" : "refresh", on: connection) { recorder in
            let summary = try runtime.refreshMarts(connection, sql: sql, full: full, observer: progress)
            for step in summary.steps { recorder.step(step.name, seconds: step.seconds) }
            try recorder.finish(status: "succeeded", summary: [
                "full": summary.isFull, "changed_months": summary.changedMonths.count,
                "snapshot_rows": summary.snapshotRows, "changed_settings": summary.changedSettings,
            ])
            return summary
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
