import Foundation
import Pipeline
import Warehouse
import Yams

/// `warehouse:` — how loads convert, date and audit records, and how the
/// nightly run treats its database session.
public struct WarehouseSection: Equatable {
    public var baseCurrency: CurrencyCode = .usd
    /// Fallback rates to the base currency when the warehouse has no dated rate.
    public var staticRates: [CurrencyCode: String] = [:]
    public var reportingTimeZone = "UTC"
    public var defaultSourceSystem = "default"
    /// Share of rejected records above which a run exits 3.
    public var warningRejectRatio = 0.01
    /// PostgreSQL interval text (`0`, `500ms`, `30s`, `5min`); `0` means none.
    public var statementTimeout = "0"
    public var lockTimeout = "30s"
    /// Attempts after the first for errors worth retrying (lost connection, server shutdown, deadlock).
    public var retries = 3
    /// Days after the load beyond which an order or interaction date is rejected.
    public var maxFutureDays = 366
    /// Mode of the files crmwh writes (rejects, exports, reports), octal: they can hold personal data.
    public var fileMode = "0600"
    /// postgresql, or citus: `crmwh migrate` then distributes the tables (sql/distribute/citus.sql).
    public var engine: WarehouseEngine = .postgresql

    /// `fileMode` as a number.
    public var fileModeBits: mode_t { mode_t(fileMode, radix: 8) ?? 0o600 }

    public static let keys = [
        "base_currency", "static_rates", "reporting_time_zone", "default_source_system",
        "warning_reject_ratio", "statement_timeout", "lock_timeout", "retries", "max_future_days", "file_mode",
        "engine",
    ]

    public init() {}

    public init(yaml node: Node, reader: ConfigReader) throws {
        let values = try reader.mapping("warehouse", node, known: Self.keys)
        if let node = values["base_currency"] {
            baseCurrency = try Self.currency(try reader.string("warehouse.base_currency", node)) {
                reader.error("warehouse.base_currency", node, $0)
            }
        }
        if let node = values["static_rates"] {
            for (currencyNode, rateNode) in try reader.mapping("warehouse.static_rates", node, known: Self.anyCurrency(node)) {
                let key = "warehouse.static_rates.\(currencyNode)"
                let code = try Self.currency(currencyNode) { reader.error(key, node, $0) }
                let rate = try reader.string(key, rateNode)
                guard let value = ExactDecimal(rate), value.signum > 0 else {
                    throw reader.error(key, rateNode, "'\(rate)' is not a positive decimal rate (write it as a string, e.g. \"1.08\")")
                }
                staticRates[code] = rate
            }
        }
        if let node = values["reporting_time_zone"] {
            reportingTimeZone = try reader.string("warehouse.reporting_time_zone", node)
            if let problem = Self.timeZoneProblem(reportingTimeZone) { throw reader.error("warehouse.reporting_time_zone", node, problem) }
        }
        if let node = values["default_source_system"] {
            defaultSourceSystem = try reader.string("warehouse.default_source_system", node)
            if defaultSourceSystem.isEmpty { throw reader.error("warehouse.default_source_system", node, "must not be empty") }
        }
        if let node = values["warning_reject_ratio"] {
            warningRejectRatio = try reader.double("warehouse.warning_reject_ratio", node, in: 0...1)
        }
        for (key, path) in [("statement_timeout", \WarehouseSection.statementTimeout), ("lock_timeout", \.lockTimeout)] {
            guard let node = values[key] else { continue }
            let text = try reader.string("warehouse.\(key)", node)
            if let problem = Self.intervalProblem(text) { throw reader.error("warehouse.\(key)", node, problem) }
            self[keyPath: path] = text
        }
        if let node = values["retries"] { retries = try reader.int("warehouse.retries", node, minimum: 0) }
        if let node = values["file_mode"] {
            fileMode = try reader.string("warehouse.file_mode", node)
            guard let bits = mode_t(fileMode, radix: 8), bits <= 0o666, bits & 0o600 == 0o600 else {
                throw reader.error("warehouse.file_mode", node, "'\(fileMode)' is not an octal file mode such as \"0600\" or \"0640\" (owner read and write, no execute)")
            }
        }
        if let node = values["engine"] {
            let text = try reader.string("warehouse.engine", node)
            guard let value = WarehouseEngine(rawValue: text) else {
                throw reader.error("warehouse.engine", node, Self.engineProblem(text))
            }
            engine = value
        }
        if let node = values["max_future_days"] { maxFutureDays = try reader.int("warehouse.max_future_days", node, minimum: 0) }
    }

    static func engineProblem(_ text: String) -> String {
        "'\(text)' is not an engine; use one of \(WarehouseEngine.allCases.map(\.rawValue).joined(separator: ", "))"
    }

    /// The rates as exact decimals (validated when read).
    public var exactStaticRates: [CurrencyCode: ExactDecimal] {
        staticRates.compactMapValues { ExactDecimal($0) }
    }

    private static func anyCurrency(_ node: Node) -> [String] {
        node.mapping.map { $0.keys.compactMap { $0.scalar?.string } } ?? []
    }

    public static func currency(_ text: String, _ error: (String) -> Error) throws -> CurrencyCode {
        guard case .success(let code) = CurrencyCode.parse(text.uppercased()) else {
            throw error("'\(text)' is not an ISO 4217 currency code such as USD or EUR")
        }
        return code
    }

    public static func timeZoneProblem(_ name: String) -> String? {
        TimeZone(identifier: name) == nil ? "unknown time zone '\(name)'; use an IANA name such as Europe/Berlin or UTC" : nil
    }

    /// Accepts what `set_config('statement_timeout', …)` accepts in practice:
    /// a whole number with an optional unit (`0`, `250ms`, `30s`, `5min`, `1h`, `1d`).
    public static func intervalProblem(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        let unit = trimmed.dropFirst(digits.count).trimmingCharacters(in: .whitespaces)
        if !digits.isEmpty, ["", "us", "ms", "s", "min", "h", "d"].contains(unit) { return nil }
        return "'\(text)' is not a timeout; write a whole number with a unit: 0 (none), 500ms, 30s, 5min, 1h"
    }
}
