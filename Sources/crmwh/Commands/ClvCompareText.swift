import Foundation
import Scoring

/// Renders `clv fit --compare` for people: one column per purchase model.
enum ClvCompareText {
    static func render(_ comparison: CLVModelComparison) -> String {
        let models = comparison.models
        let width = 14
        func row(_ label: String, _ cells: [String]) -> String {
            label.padding(toLength: 22, withPad: " ", startingAt: 0) + cells.map { pad($0, width) }.joined()
        }
        var lines = [
            "calibration          to \(comparison.split.calibrationEnd) (purchase days in \(comparison.timeZone), times in \(comparison.unit.rawValue)s)",
            "holdout              \(comparison.split.calibrationEnd) < day ≤ \(comparison.split.holdoutEnd) (\(comparison.holdoutDays) days)",
            "customers            \(comparison.customers) (repeat buyers \(comparison.repeatBuyers)); "
                + "actual holdout repeat purchases \(comparison.actualHoldoutPurchases)",
            "",
            row("", models.map(\.name)),
        ]
        let names = models.flatMap(\.parameterNames)
        var seen = Set<String>()
        for name in names where seen.insert(name).inserted {
            lines.append(row("  " + name, models.map { $0.parameters[name].map(number) ?? "" }))
        }
        lines += [
            row("  log-likelihood", models.map { fixed($0.logLikelihood, 1) }),
            row("  AIC", models.map { fixed($0.aic, 1) }),
            row("  BIC", models.map { fixed($0.bic, 1) }),
            row("  converged", models.map { $0.converged ? "yes" : "no" }),
            row("  expected holdout", models.map { fixed($0.expectedHoldoutPurchases, 1) }),
            row("  error (total)", models.map { fixed($0.totalError, 1) }),
            row("  error (total %)", models.map { $0.totalRelativeError.map { fixed($0 * 100, 1) + " %" } ?? "n/a" }),
            row("  MAE by frequency", models.map { fixed($0.groupMAE, 1) }),
            row("  RMSE by frequency", models.map { fixed($0.groupRMSE, 1) }),
            "",
            "Holdout repeat purchases by calibration frequency",
            "  frequency  customers     actual" + models.map { pad($0.name, width) }.joined(),
        ]
        for (index, group) in (models.first?.groups ?? []).enumerated() {
            lines.append(
                "  " + pad(group.frequency, 9) + pad("\(group.customers)", 11) + pad("\(group.actualPurchases)", 11)
                    + models.map { pad(fixed($0.groups[index].expectedPurchases, 1), width) }.joined())
        }
        lines += [
            "",
            "configured model     \(comparison.configuredModel.displayName)",
            "best model           \(comparison.bestModel.displayName): \(comparison.reason)",
            "",
            "time                 summary and holdout \(fixed(comparison.summarySeconds, 3)) s, fits "
                + models.map { fixed($0.fitSeconds, 3) + " s" }.joined(separator: ", "),
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func number(_ value: Double) -> String { String(format: "%.6g", value) }
    private static func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
