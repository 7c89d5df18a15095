import Foundation
import Propensity

/// `crmwh score propensity` for people: the run, then per target its
/// training, its out-of-time accuracy and the calibration by decile.
enum PropensityReportText {
    static func render(_ report: PropensityReport) -> String {
        var lines = [
            "model version        \(report.modelVersion)",
            "as of                \(report.asOf) (features from the history up to its end)",
            "customers scored     \(report.customersScored) (replaced \(report.scoresReplaced)) in dw.customer_propensity",
            "penalty              λ = \(short(report.penalty)) on standardised coefficients, intercept unpenalised",
            "training windows     \(report.trainingWindows) per target, one horizon apart; at least \(report.minimumPositives) positives and negatives needed",
            "P(alive) feature     \(report.aliveFeature)",
        ]
        for target in report.targets {
            lines.append("")
            guard target.fitted, let holdout = target.holdout else {
                lines.append("\(target.target): skipped — \(target.skippedBecause ?? "not fitted")")
                continue
            }
            let windows = target.trainingWindows.map(\.description).joined(separator: ", ")
            lines += [
                "\(target.target) (\(target.horizonDays) days)",
                "  training           \(target.trainingRows) rows, \(target.trainingPositives) positive; windows from \(windows)",
                target.basis == "base rate"
                    ? "  fit                base rate only: with features the holdout log loss was "
                        + "\(target.featuresHoldoutLogLoss.map(fixed4) ?? "?"), no better than the base rate's"
                    : "  fit                \(target.features) features, \(target.iterations) Newton steps, converged \(target.converged ? "yes" : "no")",
                "  holdout            features at \(target.holdoutAsOf.map(\.description) ?? "?"), labels to \(report.asOf): "
                    + "\(holdout.rows) rows, \(holdout.positives) positive (\(percent(holdout.baseRate)))",
                "  AUC                \(holdout.auc.map(fixed3) ?? "n/a")",
                "  log loss           \(fixed4(holdout.logLoss)) (base rate alone \(fixed4(holdout.baseRateLogLoss))); Brier \(fixed4(holdout.brierScore))",
                "  mean probability   \(target.meanProbability.map(percent) ?? "n/a") at \(report.asOf)",
                "  strongest          " + (target.strongestFeatures.isEmpty ? "none (base rate)" : target.strongestFeatures
                    .map { "\($0.feature) \(String(format: "%+.2f", $0.coefficient))" }.joined(separator: ", ")),
                "  decile       rows   predicted   observed",
            ]
            for group in holdout.calibration {
                lines.append(
                    "  " + pad("\(group.group)", 6) + pad("\(group.rows)", 9) + pad(percent(group.meanPredicted), 12)
                        + pad(percent(group.observedRate), 11))
            }
        }
        let t = report.timings
        lines += [
            "",
            "time                 history \(seconds(t.historySeconds)), features \(seconds(t.featureSeconds)), "
                + "fit \(seconds(t.fitSeconds)), score \(seconds(t.scoreSeconds)), write \(seconds(t.writeSeconds))",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
    private static func short(_ value: Double) -> String { String(format: "%g", value) }
    private static func fixed3(_ value: Double) -> String { String(format: "%.3f", value) }
    private static func fixed4(_ value: Double) -> String { String(format: "%.4f", value) }
    private static func percent(_ value: Double) -> String { String(format: "%.2f %%", value * 100) }
    private static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }
}
