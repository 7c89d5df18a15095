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

    /// The marts are installed by `crmwh migrate` or `crmwh refresh`; a
    /// report before that fails with 42883 (undefined function) or 42P01
    /// (undefined table) while `mart.refresh_stored_reports()` is missing.
    public static func notRefreshed(_ cause: Error) -> WarehouseError {
        WarehouseError(.load, "the marts are not installed or not refreshed; run crmwh refresh first (\(cause))")
    }
}
