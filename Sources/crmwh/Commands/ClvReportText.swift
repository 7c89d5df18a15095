import Foundation
import Scoring

/// Renders CLV reports for people (aligned text) and for programs (JSON).
enum ClvReportText {
    static func fit(_ report: CLVFitReport) -> String {
        let purchases = report.purchases
        let g = report.gammaGamma.parameters
        let unit = report.unit.rawValue
        let oneTime = report.oneTimeBuyers
        var lines = [
            "model version        \(report.modelVersion)\(report.reusedStoredFit ? " (stored fit)" : "")",
            "as of                \(report.asOf) (purchase days in \(report.timeZone), spend net of returns)",
            "customers            \(report.customers) (repeat buyers \(report.repeatBuyers), distinct rows \(purchases.distinctRows))",
            "",
            "\(purchases.kind.displayName) (times in \(unit)s)",
        ]
        for (name, value) in purchases.parameters.namedParameters {
            lines.append("  " + name.padding(toLength: 19, withPad: " ", startingAt: 0) + number(value) + (name == "alpha" ? " \(unit)s" : ""))
        }
        lines += [
            "  log-likelihood     \(number(purchases.logLikelihood))",
            "  converged          \(yesNo(purchases.converged)) (\(purchases.iterations) iterations, gradient \(short(purchases.gradientNorm)))",
            "  one-time buyers    \(oneTime.customers), mean P(alive) \(short(oneTime.meanProbabilityAlive)); "
                + "\(oneTime.olderThanTwoYears) bought only more than 2 years ago"
                + (oneTime.meanProbabilityAliveOlderThanTwoYears.map { ", mean P(alive) \(short($0))" } ?? ""),
            "",
            "Gamma-Gamma (money in the base currency, net of returns)",
            "  p                  \(number(g.p))",
            "  q                  \(number(g.q))",
            "  gamma              \(number(g.v))",
            "  customers          \(report.gammaGamma.customers) (left out, net repeat spend 0 or less: \(report.gammaGamma.excludedCustomers))",
            "  freq-monetary corr \(report.gammaGamma.frequencyMonetaryCorrelation.map(short) ?? "n/a")",
            "  converged          \(yesNo(report.gammaGamma.converged)) (\(report.gammaGamma.iterations) iterations)",
            "",
            "time                 summary \(seconds(report.timings.summarySeconds)), fit \(seconds(report.timings.fitSeconds))",
        ]
        if let holdout = report.holdout {
            lines += [
                "",
                "Holdout \(report.asOf) < day ≤ \(holdout.holdoutEnd) (\(holdout.holdoutDays) days): repeat purchases",
                "  frequency  customers     expected       actual",
            ]
            for group in holdout.groups {
                lines.append(
                    "  " + pad(group.frequency, 9) + pad("\(group.customers)", 11) + pad(fixed(group.expectedPurchases), 13)
                        + pad("\(group.actualPurchases)", 13))
            }
            lines.append(
                "  " + pad("total", 9) + pad("\(report.customers)", 11) + pad(fixed(holdout.expectedPurchases), 13)
                    + pad("\(holdout.actualPurchases)", 13))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func score(_ report: CLVScoreReport) -> String {
        fit(report.fit)
            + [
                "",
                "Scores (dw.customer_score)",
                "  written            \(report.scoresWritten) (replaced \(report.scoresReplaced))",
                "  horizon            \(report.horizonMonths) months, discount \(short(report.monthlyDiscountRate * 100)) % a month, margin \(short(report.margin))",
                "  total CLV          \(fixed(report.totalCLV))",
                "  mean P(alive)      \(short(report.meanProbabilityAlive))",
                "  time               score \(seconds(report.fit.timings.scoreSeconds)), write \(seconds(report.fit.timings.writeSeconds))",
            ].joined(separator: "\n") + "\n"
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func number(_ value: Double) -> String { String(format: "%.6g", value) }
    private static func short(_ value: Double) -> String { String(format: "%.3g", value) }
    private static func fixed(_ value: Double) -> String { String(format: "%.2f", value) }
    private static func seconds(_ value: Double) -> String { String(format: "%.3f s", value) }
    private static func yesNo(_ flag: Bool) -> String { flag ? "yes" : "no" }
    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
