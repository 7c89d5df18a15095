import Analytics
import Foundation
import Logging
import PostgresClient
import Scoring
import Warehouse

/// What the CLV reports take from the warehouse rather than from the command line: the
/// reporting time zone the marts use (`mart.text_settings`), the last day with sales, and
/// the purchase model, unit and penalty of the stored fit the scores come from
/// (`dw.clv_model`), so the diagnostics check the model the warehouse scores with.
struct CLVReportContext {
    var timeZone: String
    /// The stored fit on or before the as-of date: its version, model and unit; BG/NBD in
    /// weeks without a penalty when nothing was scored yet.
    var modelVersion: String?
    var model: PurchaseModelKind
    var unit: TimeUnit
    var penalizer: Double

    /// Default holdout months of both reports' holdout check.
    static let defaultHoldoutMonths = 6

    static func read(_ connection: Connection, asOf: String?) throws -> CLVReportContext {
        let zone = try connection.query(
            "select value from mart.text_settings where name = 'reporting_time_zone'"
        ).scalar ?? "UTC"
        let stored = try connection.query(
            """
            select model_version, purchase_model, time_unit
            from dw.clv_model
            where as_of <= coalesce($1::date, 'infinity'::date)
            order by as_of desc, fitted_at desc, model_version desc
            limit 1
            """, [asOf])
        let version = stored.rowCount == 1 ? stored.string(0, 0) : nil
        let model = stored.rowCount == 1 ? stored.string(0, 1).flatMap(PurchaseModelKind.init(rawValue:)) : nil
        let unit = stored.rowCount == 1 ? stored.string(0, 2).flatMap(TimeUnit.init(rawValue:)) : nil
        // A penalised fit's version ends in -pen<X> (CLVModelRecord.version).
        let penalizer = version.flatMap { text in text.range(of: "-pen").flatMap { Double(text[$0.upperBound...]) } }
        return CLVReportContext(
            timeZone: zone, modelVersion: version, model: model ?? .bgnbd, unit: unit ?? .week,
            penalizer: penalizer ?? 0)
    }

    /// The holdout end: the as-of date, else the last day with sales in the reporting zone;
    /// nil without sales.
    func holdoutEnd(_ connection: Connection, asOf: String?) throws -> CalendarDate? {
        if let asOf, let day = CalendarDate(asOf) { return day }
        return try connection.query(
            "select max((ordered_at at time zone $1)::date)::text from dw.fact_sales", [timeZone]
        ).scalar.flatMap(CalendarDate.init)
    }

    func scoring(_ connection: Connection) throws -> CLVScoring {
        // A report prints tables; only warnings (a fit that did not converge) go to the log.
        var logger = Logger(label: "crmwh.report")
        logger.logLevel = .warning
        return CLVScoring(connection: connection, sql: try SQLDirectory.locate(), logger: logger)
    }
}

/// Numbers as report cells: fixed decimals, no grouping (renderers format for people).
enum CLVCell {
    static func fixed(_ value: Double?, _ digits: Int) -> String? {
        guard let value, value.isFinite else { return nil }
        return String(format: "%.\(digits)f", value)
    }

    static func significant(_ value: Double) -> String { String(format: "%.6g", value) }

    /// A table of (item, value) rows: the report's header of model facts.
    static func facts(_ rows: [(String, String)]) -> ReportTable {
        ReportTable(
            columns: [.init("item", .text), .init("value", .text)], rows: rows.map { [$0.0, $0.1] })
    }
}
