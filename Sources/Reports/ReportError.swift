import Warehouse

/// Errors of the report layer, as the warehouse's error type so the command
/// line maps them to its exit codes: usage mistakes are configuration
/// errors (exit 2), the rest failures (exit 1).
public enum ReportError {
    public static func usage(_ message: String) -> WarehouseError {
        WarehouseError(.configuration, message)
    }

    public static func output(_ message: String) -> WarehouseError {
        WarehouseError(.load, message)
    }

    /// The marts are installed by `crmwh refresh`; a report before the
    /// first refresh fails with PostgreSQL's "function mart.… does not
    /// exist" (42883) or "relation … does not exist" (42P01).
    public static func notRefreshed(_ cause: Error) -> WarehouseError {
        WarehouseError(.load, "the marts are not installed or not refreshed; run crmwh refresh first (\(cause))")
    }
}
