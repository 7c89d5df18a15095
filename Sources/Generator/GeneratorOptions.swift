/// What to generate.
public struct GeneratorOptions: Sendable {
    /// People in contacts (distinct customers after identity resolution).
    public var customers: Int
    /// Target number of transaction lines; the simulation is calibrated to
    /// land close to it and the manifest records the exact count.
    public var transactions: Int
    public var outputDirectory: String
    public var seed: UInt64
    /// Share of planted bad records per file (each kind is planted at least
    /// once when the ratio is above zero).
    public var badRatio: Double
    /// Last day of history, days since 1970-01-01 (default 2026-10-31).
    public var endDay: Int
    /// Years of history before `endDay` (2-4 is typical).
    public var historyYears: Int
    /// Plant an effect of contact on next-month upward tier moves (MigrationPlant); off
    /// by default so the other generated figures stay as they were.
    public var plantsMigrationEffect = false

    public static let defaultEndDay = Civil.day(year: 2026, month: 10, day: 31)

    public init(customers: Int, transactions: Int, outputDirectory: String, seed: UInt64 = 42,
                badRatio: Double = 0.001, endDay: Int = GeneratorOptions.defaultEndDay, historyYears: Int = 3) {
        self.customers = customers
        self.transactions = transactions
        self.outputDirectory = outputDirectory
        self.seed = seed
        self.badRatio = badRatio
        self.endDay = endDay
        self.historyYears = historyYears
    }

    var startDay: Int { endDay - historyYears * 365 }
}
