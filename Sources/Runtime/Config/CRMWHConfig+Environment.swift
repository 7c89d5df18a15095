import Foundation
import Warehouse

extension CRMWHConfig {
    /// The variables that override file values, each named after the key it
    /// replaces. Relative directories given this way resolve against the
    /// working directory, as a path typed in a shell would.
    public static let environmentVariables: [(variable: String, key: String)] = [
        ("CRMWH_DATABASE", "database"),
        ("CRMWH_HOME", "home"),
        ("CRMWH_BASE_CURRENCY", "warehouse.base_currency"),
        ("CRMWH_REPORTING_TIME_ZONE", "warehouse.reporting_time_zone"),
        ("CRMWH_WARNING_REJECT_RATIO", "warehouse.warning_reject_ratio"),
        ("CRMWH_STATEMENT_TIMEOUT", "warehouse.statement_timeout"),
        ("CRMWH_LOCK_TIMEOUT", "warehouse.lock_timeout"),
        ("CRMWH_ENGINE", "warehouse.engine"),
        ("CRMWH_INBOX", "directories.inbox"),
        ("CRMWH_ARCHIVE", "directories.archive"),
        ("CRMWH_ERROR", "directories.error"),
        ("CRMWH_OUTPUT", "directories.output"),
    ]

    /// Replaces file values with the `CRMWH_*` variables set (non-empty) in
    /// `environment`. A bad value is a configuration error naming the variable.
    public mutating func applyEnvironment(_ environment: [String: String], workingDirectory: URL) throws {
        for (variable, key) in Self.environmentVariables {
            guard let value = environment[variable], !value.isEmpty else { continue }
            func invalid(_ problem: String) -> WarehouseError {
                WarehouseError(.configuration, "environment variable \(variable) (overrides \(key)): \(problem)")
            }
            switch variable {
            case "CRMWH_DATABASE":
                database = value
            case "CRMWH_HOME":
                home = DirectoriesSection.resolve(value, against: workingDirectory)
            case "CRMWH_BASE_CURRENCY":
                warehouse.baseCurrency = try WarehouseSection.currency(value) { invalid($0) }
            case "CRMWH_REPORTING_TIME_ZONE":
                if let problem = WarehouseSection.timeZoneProblem(value) { throw invalid(problem) }
                warehouse.reportingTimeZone = value
            case "CRMWH_WARNING_REJECT_RATIO":
                guard let ratio = Double(value), (0...1).contains(ratio) else { throw invalid("'\(value)' is not a number from 0 to 1") }
                warehouse.warningRejectRatio = ratio
            case "CRMWH_STATEMENT_TIMEOUT", "CRMWH_LOCK_TIMEOUT":
                if let problem = WarehouseSection.intervalProblem(value) { throw invalid(problem) }
                if variable == "CRMWH_STATEMENT_TIMEOUT" { warehouse.statementTimeout = value } else { warehouse.lockTimeout = value }
            case "CRMWH_ENGINE":
                guard let engine = WarehouseEngine(rawValue: value) else { throw invalid(WarehouseSection.engineProblem(value)) }
                warehouse.engine = engine
            case "CRMWH_INBOX": directories.inbox = DirectoriesSection.resolve(value, against: workingDirectory)
            case "CRMWH_ARCHIVE": directories.archive = DirectoriesSection.resolve(value, against: workingDirectory)
            case "CRMWH_ERROR": directories.error = DirectoriesSection.resolve(value, against: workingDirectory)
            case "CRMWH_OUTPUT": directories.output = DirectoriesSection.resolve(value, against: workingDirectory)
            default: continue
            }
            overrides.append(variable)
        }
    }
}
