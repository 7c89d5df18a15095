import PostgresClient

/// Only one writer at a time per warehouse: a session advisory lock that a
/// second writer fails to take at once (and exits with code 75).
public enum WarehouseLock {
    /// An arbitrary constant: the lock's identity among advisory locks ("crmwh" in ASCII).
    public static let key: Int64 = 0x63_72_6d_77_68

    public static func holding<T>(_ connection: Connection, _ body: () throws -> T) throws -> T {
        guard try connection.tryAdvisoryLock(key) else {
            throw WarehouseError(
                .locked, "another crmwh run holds the warehouse lock; try again when it has finished")
        }
        defer { _ = try? connection.releaseAdvisoryLock(key) }
        return try body()
    }
}
