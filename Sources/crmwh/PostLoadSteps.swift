import Analytics
import Logging
import PostgresClient
import Scoring
import Warehouse

/// The steps `crmwh run` takes after loading, in order.
enum PostLoadSteps {
    static func make(config: CRMWHConfig, logger: Logger) -> [NightlyRun.PostStep] {
        var steps: [NightlyRun.PostStep] = []
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
                return ["as_of": asOf.description, "customers_scored": report.scoresWritten]
            })
        }
        return steps
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
