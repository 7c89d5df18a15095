import Foundation
import Pipeline

/// What a load needs to know beyond the file: the warehouse's base
/// currency and static rates, the reporting time zone, where reject files go.
public struct LoadSettings: Sendable {
    public var baseCurrency: CurrencyCode
    /// Rates used when the warehouse has no dated rate for a currency.
    public var staticRates: [CurrencyCode: ExactDecimal]
    /// Zone whose calendar days the date keys use (IANA name).
    public var reportingTimeZone: String
    /// Source system assumed for records that do not name one.
    public var defaultSourceSystem: String
    /// Directory for `*.rejects.csv`; nil writes them beside the input file.
    public var rejectDirectory: String?
    /// Load a file again even if its content was loaded before.
    public var force: Bool
    /// Share of rejected records above which the exit code signals it (3).
    public var warningRejectRatio: Double
    /// Days after the load beyond which an order or interaction date is rejected (`date.out_of_range`).
    public var maxFutureDays: Int
    /// Whether a file named through a symbolic link is read: yes for a
    /// file a user names (`crmwh load`), never in the nightly inbox.
    public var followSymlinks = true
    /// Mode of the rejects files (raw records: personal data).
    public var fileMode: mode_t = ExclusiveFile.privateMode
    /// Whether order lines may be copied straight into `dw.fact_sales`
    /// (the fast path, single-node only: a re-sent line rolls it back to a
    /// savepoint); false merges every file through staging.
    public var directCopy = true
    /// A dry run: each file is loaded as usual inside a transaction the
    /// caller rolls back, and its result says what it wrote (`DryRunChanges`).
    public var dryRun = false

    public init(
        baseCurrency: CurrencyCode = .usd, staticRates: [CurrencyCode: ExactDecimal] = [:],
        reportingTimeZone: String = "UTC", defaultSourceSystem: String = "default",
        rejectDirectory: String? = nil, force: Bool = false, warningRejectRatio: Double = 0.01, maxFutureDays: Int = 366
    ) {
        self.maxFutureDays = maxFutureDays
        self.baseCurrency = baseCurrency
        self.staticRates = staticRates
        self.reportingTimeZone = reportingTimeZone
        self.defaultSourceSystem = defaultSourceSystem
        self.rejectDirectory = rejectDirectory
        self.force = force
        self.warningRejectRatio = warningRejectRatio
    }
}
