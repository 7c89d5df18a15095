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
