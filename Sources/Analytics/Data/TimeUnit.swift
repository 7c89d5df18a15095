/// The unit in which recency, customer age (T) and model time parameters are expressed.
///
/// BG/NBD's α and every horizon passed to a fit are in the fit's unit; keeping the
/// unit in the types (``TimeSpan``, ``RFMSummary``, ``BGNBDParameters``) means a
/// value in weeks is never read as days.
public enum TimeUnit: String, Sendable, Hashable, Codable, CaseIterable {
    case day
    case week
    case month

    /// Length of one unit in days. A month is a mean Gregorian month, 365.25 / 12 days.
    public var days: Double {
        switch self {
        case .day: return 1
        case .week: return 7
        case .month: return 365.25 / 12
        }
    }
}
