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

/// A length of time with its unit.
public struct TimeSpan: Sendable, Hashable, Codable, CustomStringConvertible {
    public var value: Double
    public var unit: TimeUnit

    public init(_ value: Double, _ unit: TimeUnit) {
        self.value = value
        self.unit = unit
    }

    public static func days(_ value: Double) -> TimeSpan { TimeSpan(value, .day) }
    public static func weeks(_ value: Double) -> TimeSpan { TimeSpan(value, .week) }
    public static func months(_ value: Double) -> TimeSpan { TimeSpan(value, .month) }

    /// The length expressed as a number of `target` units.
    public func value(in target: TimeUnit) -> Double {
        target == unit ? value : value * unit.days / target.days
    }

    public func converted(to target: TimeUnit) -> TimeSpan {
        TimeSpan(value(in: target), target)
    }

    public var description: String { "\(value) \(unit.rawValue)s" }
}
