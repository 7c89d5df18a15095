import Analytics
import Foundation
import Logging
import PostgresClient
import Reports
import Scoring
import Warehouse

/// The steps `crmwh run` takes after loading, in order: refresh the marts,
/// score customers, write the configured exports.
enum PostLoadSteps {
    static func make(config: CRMWHConfig, logger: Logger, refresh: Bool = true) -> [NightlyRun.PostStep] {
        var steps: [NightlyRun.PostStep] = []
        if refresh {
            steps.append(NightlyRun.PostStep(name: "refresh") { connection, _ in
                let summary = try MartRefresher(connection: connection, sql: try SQLDirectory.locate()).refresh()
                return ["full": summary.isFull, "changed_months": summary.changedMonths.count, "snapshot_rows": summary.snapshotRows]
            })
        }
        let clv = config.analysis.clv
        if clv.enabled {
            steps.append(NightlyRun.PostStep(name: "score") { connection, runID in
                guard let asOf = try asOfDate(config: config, connection: connection) else {
                    return ["skipped": "no sales yet"]
                }
                let sql = try SQLDirectory.locate()
                let report = try CLVScoring(connection: connection, sql: sql, logger: logger).score(CLVScoreOptions(
                    fit: CLVFitOptions(asOf: asOf, unit: clv.unit, timeZone: config.warehouse.reportingTimeZone),
                    horizonMonths: clv.horizonMonths, discountRate: .annual(clv.discountRate), margin: clv.margin,
                    etlRunID: runID))
                // The marts were refreshed before these scores existed.
                let marts = try MartRefresher(connection: connection, sql: sql).refreshAfterScoring()
                return ["as_of": asOf.description, "customers_scored": report.scoresWritten, "marts_rescored": marts]
            })
        }
        if refresh && !config.exports.isEmpty {
            steps.append(NightlyRun.PostStep(name: "export") { connection, runID in
                var written: [String] = []
                for export in config.exports {
                    written.append(try write(export, config: config, connection: connection, runID: runID, logger: logger))
                }
                return ["files": written]
            })
        }
        return steps
    }

    /// Writes one configured export (warning when its period has months
    /// without data); returns its path.
    static func write(
        _ export: ExportSection, config: CRMWHConfig, connection: Connection, runID: Int64, logger: Logger
    ) throws -> String {
        switch export.kind {
        case .kpi:
            let period = try KPIPeriod(parsing: export.period)
            let path = export.url(in: config.directories.output, period: period.label).path
            guard let format = KPIExporter.Format(rawValue: export.format) else {
                throw WarehouseError(.configuration, "export \(export.name): unknown format '\(export.format)'")
            }
            let result = try KPIExporter(connection: connection).export(.init(period: period, format: format, path: path, runID: runID))
            if let warning = result.warning { logger.warning("export \(export.name): \(warning)") }
            return path
        case .report:
            let name = export.report ?? export.name
            let path = export.url(in: config.directories.output, period: "latest").path
            guard let format = ReportFormat(rawValue: export.format) else {
                throw WarehouseError(.configuration, "export \(export.name): unknown format '\(export.format)'")
            }
            let document = try ReportCatalog.named(name).run(connection, ReportParameters(asOf: nil, months: nil))
            try AtomicFile.write(format.render(document), to: path)
            return path
        }
    }

    /// The configured as-of date, or the last day with sales in the
    /// reporting time zone; nil while there are no sales.
    static func asOfDate(config: CRMWHConfig, connection: Connection) throws -> CalendarDate? {
        if case .date(let text) = config.analysis.asOf { return CalendarDate(text) }
        let last = try connection.query(
            "select max(ordered_at at time zone $1)::date::text from dw.fact_sales",
            [config.warehouse.reportingTimeZone]).scalar
        return last.flatMap(CalendarDate.init)
    }
}
