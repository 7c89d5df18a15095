import Analytics
import PostgresClient
import Scoring

/// The CLV report: the stored scores (dw.customer_score) of the latest scoring day on or
/// before the as-of date — their model and its holdout error first, then the distribution
/// of predicted CLV by decile, the top customers, CLV by RFM segment, value tier, country and
/// acquisition channel, and P(alive) and expected purchases in bands.
///
/// The holdout error is that of the scores' purchase model (same unit and penalty) fitted
/// on the data up to --months months (default 6) before the scoring day and checked on
/// the months after it, as `crmwh report clv_diagnostics` shows it in detail.
enum ClvReport {
    static let definition = ReportDefinition(
        name: "clv", title: "Predicted customer lifetime value",
        summary: "Stored CLV scores of the as-of date with their model and holdout error (--months, default 6): "
            + "CLV deciles, top customers, CLV by segment, tier, country and acquisition channel, P(alive) and "
            + "expected-purchase bands",
        produce: sections)

    static let breakdowns: [(dimension: String, title: String)] = [
        ("decile", "Predicted CLV by decile"),
        ("segment", "Predicted CLV by RFM segment"),
        ("value_tier", "Predicted CLV by value tier"),
        ("country", "Predicted CLV by market (country)"),
        ("acquisition_channel", "Predicted CLV by acquisition channel"),
        ("p_alive", "P(alive) bands"),
        ("expected_purchases", "Expected purchases over the horizon, bands"),
    ]

    static func sections(_ connection: Connection, _ parameters: ReportParameters) throws -> [ReportSection] {
        let cells = try ReportQuery.table(
            connection, "select * from mart.clv_breakdown($1::date)", binds: [parameters.asOf])
        let top = try ReportQuery.table(
            connection, "select * from mart.clv_top_customers($1::date, 20)", binds: [parameters.asOf])
        var sections = [
            ReportSection(title: "Model", table: try header(connection, parameters)),
            ReportSection(title: "All scored customers", table: cells.rows(dimension: "total")),
        ]
        for (dimension, title) in breakdowns {
            let table = cells.rows(dimension: dimension)
            if dimension == "decile" {
                sections.append(ReportSection(title: title, table: table))
                sections.append(ReportSection(title: "Top customers by predicted CLV", table: top))
            } else {
                sections.append(ReportSection(title: title, table: table))
            }
        }
        return sections
    }

    /// The scores' model, their totals and the model's holdout error.
    static func header(_ connection: Connection, _ parameters: ReportParameters) throws -> ReportTable {
        let scores = try connection.query(
            """
            with latest as materialized (
                select s.as_of, s.model_version, s.horizon_months
                from dw.customer_score as s
                where s.as_of <= coalesce($1::date, 'infinity'::date)
                order by s.as_of desc, s.scored_at desc, s.model_version desc
                limit 1
            )
            select l.as_of::text, l.model_version, m.purchase_model, m.time_unit, m.log_likelihood, l.horizon_months
            from latest as l
            join dw.clv_model as m on m.model_version = l.model_version
            """, [parameters.asOf])
        guard scores.rowCount == 1, let asOf = scores.string(0, 0), let version = scores.string(0, 1) else {
            return CLVCell.facts([("scores", "none on or before the as-of date: run crmwh clv score")])
        }
        var rows: [(String, String)] = [
            ("scores", "dw.customer_score as of \(asOf), model version \(version)"),
            ("purchase model", (scores.string(0, 2).flatMap(PurchaseModelKind.init(rawValue:))?.displayName ?? "?")
                + " with Gamma-Gamma, times in \(scores.string(0, 3) ?? "?")s"),
            ("log-likelihood", scores.double(0, 4).flatMap { CLVCell.fixed($0, 2) } ?? "n/a"),
            ("horizon", "\(scores.string(0, 5) ?? "?") months"),
        ]
        // The holdout check is of the scores' own model, unit and penalty.
        var context = try CLVReportContext.read(connection, asOf: asOf)
        context.model = scores.string(0, 2).flatMap(PurchaseModelKind.init(rawValue:)) ?? context.model
        context.unit = scores.string(0, 3).flatMap(TimeUnit.init(rawValue:)) ?? context.unit
        context.penalizer = version.range(of: "-pen").flatMap { Double(version[$0.upperBound...]) } ?? 0
        let split = CLVHoldoutSplit(
            holdoutEnd: CalendarDate(asOf)!, months: parameters.months ?? CLVReportContext.defaultHoldoutMonths)
        let comparison: CLVModelComparison
        do {
            comparison = try context.scoring(connection).compare(
                CLVCompareOptions(
                    split: split, unit: context.unit, timeZone: context.timeZone, penalizer: context.penalizer,
                    configuredModel: context.model, models: [context.model]))
        } catch let error as AnalyticsError {
            return CLVCell.facts(rows + [("holdout check", "not possible before \(split.calibrationEnd): \(error.message)")])
        }
        if let check = comparison.models.first {
            rows += [
                ("holdout check", "fitted to \(split.calibrationEnd), checked on \(split.calibrationEnd) < day ≤ \(split.holdoutEnd)"),
                ("holdout repeat purchases", "expected \(CLVCell.fixed(check.expectedHoldoutPurchases, 1)!), actual \(comparison.actualHoldoutPurchases)"),
                ("holdout error (total)", CLVCell.fixed(check.totalError, 1)! + (check.totalRelativeError.map { " (\(CLVCell.fixed($0 * 100, 1)!) %)" } ?? "")),
                ("holdout MAE by frequency", CLVCell.fixed(check.groupMAE, 1)!),
                ("holdout RMSE by frequency", CLVCell.fixed(check.groupRMSE, 1)!),
            ]
        }
        return CLVCell.facts(rows)
    }
}

extension ReportTable {
    /// The rows of one breakdown of mart.clv_breakdown, without the dimension column.
    fileprivate func rows(dimension: String) -> ReportTable {
        guard let index = columnIndex("dimension") else { return self }
        // The rows come in their order; the order column is for programs (charts).
        let kept = columns.indices.filter { $0 != index && columns[$0].name != "category_order" }
        return ReportTable(
            columns: kept.map { columns[$0] },
            rows: rows.filter { $0[index] == dimension }.map { row in kept.map { row[$0] } })
    }
}
