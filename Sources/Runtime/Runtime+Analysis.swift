import Analytics
import Foundation
import Marts
import PostgresClient
import Reports
import Scoring
import Warehouse

extension Runtime {
    /// Refreshes the marts with the configuration's analysis parameters
    /// (written to `mart.settings` first; a changed one rebuilds everything).
    /// The caller holds the warehouse lock.
    @discardableResult
    public func refreshMarts(
        _ connection: Connection, sql: SQLDirectory, full: Bool = false, observer: RefreshObserver? = nil
    ) throws -> RefreshSummary {
        var settings = config.analysis.martSettings
        settings.reportingTimeZone = config.warehouse.reportingTimeZone
        let summary = try MartRefresher(connection: connection, sql: sql, observer: observer)
            .refresh(full: full, settings: settings)
        if !summary.changedSettings.isEmpty {
            logger.info(
                "analysis settings changed; rebuilt every mart",
                metadata: ["refresh.changed_settings": "\(summary.changedSettings.joined(separator: ","))"])
        }
        return summary
    }

    /// The CLV options the configuration gives (`analysis.clv`, the reporting
    /// time zone) at `asOf`; `overrides` are a command's own flags.
    public func clvScoreOptions(asOf: CalendarDate, overrides: CLVOverrides = CLVOverrides()) -> CLVScoreOptions {
        let clv = config.analysis.clv
        return CLVScoreOptions(
            fit: CLVFitOptions(
                asOf: asOf, model: overrides.model ?? clv.model, unit: overrides.unit ?? clv.unit,
                timeZone: overrides.timeZone ?? config.warehouse.reportingTimeZone,
                penalizer: overrides.penalizer ?? 0, holdoutEnd: overrides.holdoutEnd),
            horizonMonths: overrides.horizonMonths ?? clv.horizonMonths,
            discountRate: .annual(overrides.discountRate ?? clv.discountRate), margin: overrides.margin ?? clv.margin,
            refit: overrides.refit)
    }

    /// The configured as-of date (`analysis.as_of`), or the last day with
    /// sales in the reporting time zone; nil while there are no sales.
    public func asOfDate(_ connection: Connection) throws -> CalendarDate? {
        if case .date(let text) = config.analysis.asOf { return CalendarDate(text) }
        let last = try connection.query(
            "select max(ordered_at at time zone $1)::date::text from dw.fact_sales",
            [config.warehouse.reportingTimeZone]).scalar
        return last.flatMap(CalendarDate.init)
    }

    /// Fits and writes every customer's CLV as the configuration says; nil
    /// (writing nothing) while there are no sales. The caller holds the lock.
    public func scoreCustomers(
        _ connection: Connection, sql: SQLDirectory, asOf: CalendarDate? = nil, overrides: CLVOverrides = CLVOverrides(),
        etlRunID: Int64? = nil
    ) throws -> CLVScoreReport? {
        guard let day = try asOf ?? asOfDate(connection) else { return nil }
        var options = clvScoreOptions(asOf: day, overrides: overrides)
        options.etlRunID = etlRunID
        return try CLVScoring(connection: connection, sql: sql, logger: logger).score(options)
    }

    /// Writes one configured export (warning when its period has months
    /// without data); returns its path.
    public func writeExport(_ export: ExportSection, connection: Connection, runID: Int64) throws -> String {
        let output = config.directories.output
        switch export.kind {
        case .kpi:
            let period = try KPIPeriod(parsing: export.period)
            let path = export.url(in: output, period: period.label).path
            guard let format = KPIExporter.Format(rawValue: export.format) else {
                throw WarehouseError(.configuration, "export \(export.name): unknown format '\(export.format)'")
            }
            var request = KPIExporter.Request(period: period, format: format, path: path, runID: runID)
            request.fileMode = config.warehouse.fileModeBits
            let result = try KPIExporter(connection: connection).export(request)
            if let warning = result.warning { logger.warning("export \(export.name): \(warning)") }
            return path
        case .report:
            let name = export.report ?? export.name
            let path = export.url(in: output, period: "latest").path
            guard let format = ReportFormat(rawValue: export.format) else {
                throw WarehouseError(.configuration, "export \(export.name): unknown format '\(export.format)'")
            }
            let text = try ReportOutput.render(
                name, format: format, connection: connection, parameters: ReportParameters(asOf: nil, months: nil),
                baseCurrency: config.warehouse.baseCurrency.description, runID: runID)
            try AtomicFile.write(text, to: path, mode: config.warehouse.fileModeBits)
            return path
        }
    }
}

/// A command's own CLV flags, each replacing its configured value when given.
public struct CLVOverrides: Sendable {
    public var model: PurchaseModelKind?
    public var unit: TimeUnit?
    public var timeZone: String?
    public var penalizer: Double?
    public var horizonMonths: Int?
    public var discountRate: Double?
    public var margin: Double?
    public var refit = false
    public var holdoutEnd: CalendarDate?

    public init(
        model: PurchaseModelKind? = nil, unit: TimeUnit? = nil, timeZone: String? = nil, penalizer: Double? = nil,
        horizonMonths: Int? = nil, discountRate: Double? = nil, margin: Double? = nil, refit: Bool = false,
        holdoutEnd: CalendarDate? = nil
    ) {
        self.model = model
        self.unit = unit
        self.timeZone = timeZone
        self.penalizer = penalizer
        self.horizonMonths = horizonMonths
        self.discountRate = discountRate
        self.margin = margin
        self.refit = refit
        self.holdoutEnd = holdoutEnd
    }
}

extension Runtime {
    /// After `crmwh clv score` outside the nightly run: the stored marts that
    /// show predicted CLV (monthly KPIs, stored reports) follow the new scores.
    /// The nightly run needs none of this: it scores before it refreshes.
    public func rescoreMarts(_ connection: Connection, sql: SQLDirectory) throws {
        try MartRefresher(connection: connection, sql: sql).refreshAfterScoring()
    }
}
