import Feeds
import Foundation
import Warehouse

extension CRMWHConfig {
    /// The configuration as it will be used, in the file's own layout, for
    /// `crmwh config check`. `database` is the description of the selected
    /// target, which never includes a password.
    public func effectiveYAML(database: String, home: URL) -> String {
        var lines: [String] = []
        lines.append("# effective configuration from \(file ?? "built-in defaults (no config file)")")
        if !overrides.isEmpty { lines.append("# overridden by the environment: \(overrides.joined(separator: ", "))") }
        lines.append("database: \(database)")
        lines.append("home: \(quoted(home.path))   # the embedded cluster's directory")
        lines.append("warehouse:")
        lines.append("  base_currency: \(warehouse.baseCurrency)")
        let rates = warehouse.staticRates.sorted { $0.key < $1.key }.map { "\($0.key): \(quoted($0.value))" }
        lines.append("  static_rates: {\(rates.joined(separator: ", "))}")
        lines.append("  reporting_time_zone: \(warehouse.reportingTimeZone)")
        lines.append("  default_source_system: \(quoted(warehouse.defaultSourceSystem))")
        lines.append("  warning_reject_ratio: \(warehouse.warningRejectRatio)")
        lines.append("  statement_timeout: \(quoted(warehouse.statementTimeout))")
        lines.append("  lock_timeout: \(quoted(warehouse.lockTimeout))")
        lines.append("  retries: \(warehouse.retries)")
        lines.append("  max_future_days: \(warehouse.maxFutureDays)")
        lines.append("  file_mode: \(quoted(warehouse.fileMode))")
        lines.append("  engine: \(warehouse.engine.rawValue)")
        lines.append("directories:")
        for (key, path) in DirectoriesSection.keyPaths {
            let directory = directories[keyPath: path].path
            // Only the inbox must exist beforehand; a run creates the others.
            let note = key == "inbox" && !FileManager.default.fileExists(atPath: directory) ? "   # does not exist yet" : ""
            lines.append("  \(key): \(quoted(directory))\(note)")
        }
        lines.append("feeds:                        # in load order")
        for feed in feedsInDependencyOrder {
            var entry = "  - {name: \(feed.name), kind: \(feed.kind.rawValue), inbox: \(quoted(inboxPattern(for: feed)))"
            if let format = feed.format { entry += ", format: \(format.rawValue)" }
            if !feed.mapping.isEmpty { entry += ", mapped_fields: \(feed.mapping.count)" }
            if let ratio = feed.maxRejectRatio { entry += ", max_reject_ratio: \(ratio)" }
            lines.append(entry + "}")
        }
        lines.append("analysis:")
        lines.append("  as_of: \(analysis.asOf)")
        let clv = analysis.clv
        lines.append("  clv: {enabled: \(clv.enabled), model: \(clv.model.rawValue), unit: \(clv.unit.rawValue), horizon_months: \(clv.horizonMonths), "
            + "discount_rate: \(clv.discountRate), margin: \(clv.margin)}")
        lines.append(analysis.propensityLine)
        lines.append("  tiers: {top: \(analysis.tiers.top), high: \(analysis.tiers.high), mid: \(analysis.tiers.mid)}")
        lines.append("  churn_inactive_months: \(analysis.churnInactiveMonths)")
        lines.append("  churn_followup_months: \(analysis.churnFollowupMonths)")
        lines.append("  churn_p_alive_threshold: \(analysis.churnPAliveThreshold)")
        lines.append("  churn_window_return_share: \(analysis.churnWindowReturnShare)")
        lines.append("  response_window_days: \(analysis.responseWindowDays)")
        lines.append("  product_pair_min_orders: \(analysis.productPairMinOrders)")
        lines.append("  market_min_customers: \(analysis.marketMinCustomers)")
        lines.append("  rfm: {frequency_bands: \(analysis.rfm.frequencyBands), new_customer_days: \(analysis.rfm.newCustomerDays)}")
        lines.append("  trend: {volatile_cv: \(analysis.trend.volatileCV), growth_slope: \(analysis.trend.growthSlope), "
            + "min_active_months: \(analysis.trend.minActiveMonths)}")
        lines.append("  forecast: {pool_months: \(analysis.forecast.poolMonths)}")
        lines.append("  contact_cap: {opt_out_rate: \(analysis.contactCap.optOutRate), "
            + "min_customer_months: \(analysis.contactCap.minCustomerMonths)}")
        lines.append(exports.isEmpty ? "exports: []" : "exports:")
        for export in exports {
            var entry = "  - {name: \(export.name), kind: \(export.kind.rawValue)"
            if let report = export.report { entry += ", report: \(report)" }
            entry += ", period: \(export.period), format: \(export.format), path: \(quoted(export.url(in: directories.output, period: "{period}").path))}"
            lines.append(entry)
        }
        lines += SimulationPlanSection.effectiveLines(simulations, defaultWindowDays: analysis.responseWindowDays)
        return lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
