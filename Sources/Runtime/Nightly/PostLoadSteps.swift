import Analytics
import Foundation
import Logging
import Marts
import PostgresClient
import Reports
import Scoring
import Warehouse

/// The steps of the nightly run after loading, in one pass: score
/// customers (CLV), refresh the marts with those scores (the stored
/// reports included), simulate the configured campaign plans, write the
/// configured exports.
struct PostLoadSteps {
    let runtime: Runtime
    let sql: SQLDirectory
    let refreshObserver: RefreshObserver?

    func steps(refresh: Bool) -> [NightlyRun.PostStep] {
        var steps: [NightlyRun.PostStep] = []
        if runtime.config.analysis.clv.enabled {
            steps.append(NightlyRun.PostStep(name: "score") { connection, runID in
                guard let report = try runtime.scoreCustomers(connection, sql: sql, etlRunID: runID) else {
                    return ["skipped": "no sales yet"]
                }
                return ["as_of": report.fit.asOf.description, "customers_scored": report.scoresWritten]
            })
        }
        guard refresh else { return steps }
        if runtime.config.analysis.propensity.enabled {
            // Before the refresh and the simulations: the features read the
            // facts, and propensity plans read the probabilities.
            steps.append(NightlyRun.PostStep(name: "propensity") { connection, runID in
                guard let report = try runtime.scorePropensity(connection, etlRunID: runID) else {
                    return ["skipped": "no sales yet"]
                }
                return [
                    "as_of": report.asOf.description, "customers_scored": report.customersScored,
                    "targets": report.targets.filter(\.fitted).map(\.target),
                    "skipped_targets": report.targets.filter { !$0.fitted }.map(\.target),
                ]
            })
        }
        steps.append(NightlyRun.PostStep(name: "refresh") { connection, _ in
            let summary = try runtime.refreshMarts(connection, sql: sql, observer: refreshObserver)
            return ["full": summary.isFull, "changed_months": summary.changedMonths.count, "snapshot_rows": summary.snapshotRows]
        })
        if !runtime.config.simulations.isEmpty {
            steps.append(NightlyRun.PostStep(name: "simulate") { connection, runID in
                try runtime.simulateConfiguredPlans(connection, runID: runID)
            })
        }
        if !runtime.config.exports.isEmpty {
            steps.append(NightlyRun.PostStep(name: "export") { connection, runID in
                ["files": try runtime.config.exports.map { try runtime.writeExport($0, connection: connection, runID: runID) }]
            })
        }
        return steps
    }
}
