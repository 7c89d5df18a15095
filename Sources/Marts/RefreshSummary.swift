/// What one `MartRefresher.refresh()` did, for logs and etl.run.summary.
public struct RefreshSummary: Sendable, Equatable {
    /// Whether everything was rebuilt (first refresh, --full, a product change).
    public var isFull: Bool
    /// Months whose sales changed and whose aggregates were rebuilt.
    public var changedMonths: [String]
    /// Snapshot months rebuilt (the changed months and the 11 after each).
    public var snapshotMonths: Int
    /// Rows written to dw.fact_customer_month.
    public var snapshotRows: Int
    /// The dw.fact_sales.etl_file_id high-water mark after the refresh.
    public var salesFileID: Int64
    public var seconds: Double
    /// Seconds per step, in order, to see where a refresh spends its time.
    public var steps: [RefreshStep] = []
    /// `mart.settings` values the configuration changed (these force a full rebuild).
    public var changedSettings: [String] = []

    /// Whether there was nothing new to refresh.
    public var isUpToDate: Bool { !isFull && changedMonths.isEmpty }
}

/// One timed step of a refresh.
public struct RefreshStep: Sendable, Equatable {
    public var name: String
    public var seconds: Double
}
