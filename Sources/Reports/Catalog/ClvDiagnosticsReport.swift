import Analytics
import PostgresClient
import Scoring

/// CLV diagnostics: the purchase model the warehouse scores with (the stored fit's model,
/// unit and penalty), fitted on a calibration period that ends --months months (default 6)
/// before the as-of date and checked on the holdout up to it. Sections: the model and its
/// holdout error; holdout purchases by calibration frequency; the period-transactions
/// check; P(alive) and expected purchases over frequency × recency; weekly repeat purchases,
/// actual against predicted, across calibration and holdout.
enum ClvDiagnosticsReport {
    static let definition = ReportDefinition(
        name: "clv_diagnostics", title: "CLV model diagnostics",
        summary: "The scoring purchase model fitted --months (default 6) before the as-of date and checked on the "
            + "holdout: purchases by calibration frequency, period transactions, frequency–recency matrices of "
            + "P(alive) and expected purchases, weekly repeat purchases actual against predicted",
        produce: sections)

    static func sections(_ connection: Connection, _ parameters: ReportParameters) throws -> [ReportSection] {
        let context = try CLVReportContext.read(connection, asOf: parameters.asOf)
        guard let holdoutEnd = try context.holdoutEnd(connection, asOf: parameters.asOf) else {
            return [ReportSection(title: "Model", table: CLVCell.facts([("check", "no sales yet: nothing to check")]))]
        }
        let split = CLVHoldoutSplit(
            holdoutEnd: holdoutEnd, months: parameters.months ?? CLVReportContext.defaultHoldoutMonths)
        let diagnostics: CLVDiagnostics
        do {
            diagnostics = try context.scoring(connection).diagnostics(
                CLVDiagnosticsOptions(
                    split: split, model: context.model, unit: context.unit, timeZone: context.timeZone,
                    penalizer: context.penalizer))
        } catch let error as AnalyticsError {
            // Too little history before the calibration end is a finding, not a failure of the report.
            return [
                ReportSection(
                    title: "Model",
                    table: CLVCell.facts([
                        ("purchase model", context.model.displayName),
                        ("calibration", "to \(split.calibrationEnd); holdout to \(split.holdoutEnd)"),
                        ("check", "not possible: \(error.message)"),
                    ]))
            ]
        }
        return [
            ReportSection(title: "Model", table: header(diagnostics, context)),
            ReportSection(title: "Holdout purchases by calibration frequency", table: holdout(diagnostics.holdout)),
            ReportSection(title: "Period transactions", table: periodTransactions(diagnostics.periodTransactions)),
            // Fixed titles, so programs and charts find the sections; T and the horizon are in the Model section.
            ReportSection(
                title: "P(alive) by frequency and recency",
                table: matrix(diagnostics.probabilityAlive, digits: 4), style: .heatmap),
            ReportSection(
                title: "Expected purchases by frequency and recency",
                table: matrix(diagnostics.expectedPurchases, digits: 3)),
            ReportSection(title: "Weekly repeat purchases", table: weekly(diagnostics.weekly)),
        ]
    }

    static func header(_ d: CLVDiagnostics, _ context: CLVReportContext) -> ReportTable {
        let holdout = d.holdout
        var rows: [(String, String)] = [
            ("purchase model", d.fit.kind.displayName + " (the model of \(context.modelVersion ?? "no stored fit: the default"))"),
            ("calibration", "first purchase to \(d.split.calibrationEnd), \(d.customers) customers"),
            ("holdout", "\(d.split.calibrationEnd) < day ≤ \(d.split.holdoutEnd) (\(d.split.holdoutDays) days)"),
            ("purchase days", "in \(d.timeZone); times in \(d.unit.rawValue)s"),
        ]
        rows += d.fit.parameters.namedParameters.map { ($0.name, CLVCell.significant($0.value)) }
        rows += [
            ("log-likelihood", CLVCell.fixed(d.fit.logLikelihood, 2)!),
            ("converged", d.fit.converged ? "yes" : "no"),
            ("holdout repeat purchases", "expected \(CLVCell.fixed(holdout.expectedPurchases, 1)!), actual \(holdout.actualPurchases)"),
            ("holdout error (total)", CLVCell.fixed(holdout.totalError, 1)! + (holdout.totalRelativeError.map { " (\(CLVCell.fixed($0 * 100, 1)!) %)" } ?? "")),
            ("holdout MAE by frequency", CLVCell.fixed(holdout.groupMeanAbsoluteError, 1)!),
            ("holdout RMSE by frequency", CLVCell.fixed(holdout.groupRootMeanSquareError, 1)!),
            ("period transactions", "expected customers per repeat-purchase count: Σ P(X(T) = n) over the customers, exact (not simulated)"),
            ("frequency–recency matrices", "recency in \(d.unit.rawValue)s, at T = \(CLVCell.fixed(d.probabilityAlive.T, 1)!) (the longest calibration observation); expected purchases in the next \(d.split.holdoutDays) days"),
        ]
        return CLVCell.facts(rows)
    }

    static func holdout(_ comparison: HoldoutComparison) -> ReportTable {
        ReportTable(
            columns: [
                .init("frequency", .text), .init("customers", .number), .init("actual_purchases", .number),
                .init("expected_purchases", .number), .init("actual_per_customer", .number),
                .init("expected_per_customer", .number), .init("error", .number),
            ],
            rows: comparison.groups.map { group in
                [
                    group.label, "\(group.customers)", "\(group.actualPurchases)",
                    CLVCell.fixed(group.expectedPurchases, 2), CLVCell.fixed(group.actualPerCustomer, 4),
                    CLVCell.fixed(group.expectedPerCustomer, 4),
                    CLVCell.fixed(group.expectedPurchases - Double(group.actualPurchases), 2),
                ]
            } + [[
                "total", "\(comparison.groups.reduce(0) { $0 + $1.customers })", "\(comparison.actualPurchases)",
                CLVCell.fixed(comparison.expectedPurchases, 2), nil, nil, CLVCell.fixed(comparison.totalError, 2),
            ]])
    }

    static func periodTransactions(_ check: PeriodTransactionsCheck) -> ReportTable {
        ReportTable(
            columns: [
                .init("repeat_purchases", .text), .init("actual_customers", .number),
                .init("expected_customers", .number), .init("difference", .number),
            ],
            rows: check.groups.map { group in
                [
                    group.label, "\(group.actualCustomers)", CLVCell.fixed(group.expectedCustomers, 1),
                    CLVCell.fixed(group.expectedCustomers - Double(group.actualCustomers), 1),
                ]
            })
    }

    static func matrix(_ matrix: FrequencyRecencyMatrix, digits: Int) -> ReportTable {
        ReportTable(
            columns: [.init("frequency", .number)]
                + matrix.recencies.map { .init("recency_\(CLVCell.fixed($0, 0)!)", .number) },
            rows: matrix.frequencies.indices.map { row in
                ["\(matrix.frequencies[row])"] + matrix.values[row].map { CLVCell.fixed($0, digits) }
            })
    }

    static func weekly(_ timeline: RepeatPurchaseTimeline) -> ReportTable {
        ReportTable(
            columns: [
                .init("week_end", .text), .init("days", .number), .init("period", .text),
                .init("actual_purchases", .number), .init("expected_purchases", .number),
                .init("cumulative_actual", .number), .init("cumulative_expected", .number),
            ],
            rows: timeline.periods.map { period in
                [
                    CalendarDate(daysSinceEpoch: period.lastDay).description, "\(period.days)",
                    period.isHoldout ? "holdout" : "calibration", "\(period.actualPurchases)",
                    CLVCell.fixed(period.expectedPurchases, 2), "\(period.cumulativeActualPurchases)",
                    CLVCell.fixed(period.cumulativeExpectedPurchases, 2),
                ]
            })
    }
}
