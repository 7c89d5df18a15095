import Warehouse

/// Errors of the simulation, as the warehouse's error type so the command
/// line maps them to its exit codes: a plan the data cannot serve (unknown
/// channel, more customers than its targets hold) is a usage error (exit
/// 2); missing history or data a failure (exit 1).
enum SimulationError {
    static func plan(_ message: String) -> WarehouseError {
        WarehouseError(.configuration, message)
    }

    static func data(_ message: String) -> WarehouseError {
        WarehouseError(.load, message)
    }
}
