import Foundation
import PostgresClient

/// What every HTML page says it shows: the as-of date, the period, the base
/// currency, the warehouse run the data comes from and when the page was
/// made; and the campaign names that go beside campaign codes.
public struct ReportContext: Sendable, Equatable {
    public var asOf: String?
    public var period: String
    public var baseCurrency: String
    /// The last warehouse run that succeeded (load, refresh, score).
    public var runID: Int64?
    /// UTC, to the minute.
    public var generatedAt: String
    public var campaignNames: [String: String]

    public init(
        asOf: String?, period: String, baseCurrency: String, runID: Int64?, generatedAt: String,
        campaignNames: [String: String] = [:]
    ) {
        self.asOf = asOf
        self.period = period
        self.baseCurrency = baseCurrency
        self.runID = runID
        self.generatedAt = generatedAt
        self.campaignNames = campaignNames
    }

    /// The context of a report run with `parameters` on this warehouse.
    public static func read(
        _ connection: Connection, report: String, parameters: ReportParameters, baseCurrency: String, now: Date = Date()
    ) throws -> ReportContext {
        let asOf = try parameters.asOf ?? connection.query(
            """
            select case when to_regprocedure('mart.default_as_of()') is not null
                then (select mart.default_as_of())::text end
            """).scalar
        // Analysts may not read etl: their pages name no run.
        let canReadRuns = try connection.query(
            "select to_regclass('etl.run') is not null and has_table_privilege('etl.run', 'select')").bool(0, 0) == true
        let runID = canReadRuns
            ? try connection.query(
                "select max(run_id) from etl.run where status in ('succeeded', 'succeeded_with_rejects')").scalar
                .flatMap { Int64($0) }
            : nil
        var names: [String: String] = [:]
        let canReadCampaigns = try connection.query(
            "select to_regclass('dw.dim_campaign') is not null and has_table_privilege('dw.dim_campaign', 'select')"
        ).bool(0, 0) == true
        if canReadCampaigns && ["campaign_response", "pack"].contains(report) {
            for row in try connection.query(
                "select campaign_code, name from dw.dim_campaign where name is not null and name <> ''"
            ).rows {
                if let code = row[0], let name = row[1] { names[code] = name }
            }
        }
        return ReportContext(
            asOf: asOf, period: period(report: report, months: parameters.months, asOf: asOf),
            baseCurrency: baseCurrency, runID: runID, generatedAt: timestamp(now), campaignNames: names)
    }

    /// The period a report covers, in words.
    static func period(report: String, months: Int?, asOf: String?) -> String {
        let end = asOf.map { " to \($0)" } ?? ""
        switch report {
        case "kpi_monthly", "cohort_retention", "campaign_response", "churn":
            return "every month" + end
        case "value_migration":
            return "previous month to the as-of month"
        case "product_pairs":
            return "\(months ?? 1) month\(months ?? 1 == 1 ? "" : "s")" + end
        case "value_forecast":
            return "\(months ?? 12) months ahead of the as-of month"
        case "clv":
            return "scores as of the latest scoring" + (asOf.map { " on or before \($0)" } ?? "")
        case "clv_diagnostics":
            return "calibration, then a \(months ?? 6)-month holdout" + end
        default:
            return "\(months ?? 12) months" + end
        }
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
        return formatter.string(from: date)
    }
}
