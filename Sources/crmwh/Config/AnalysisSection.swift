import Analytics
import Foundation
import Yams

/// `analysis:` — the as-of date, the CLV model settings, the value tiers and
/// when a customer counts as inactive.
struct AnalysisSection: Equatable {
    enum AsOf: Equatable, CustomStringConvertible {
        /// The last day with data in the warehouse.
        case latest
        /// A fixed day, `yyyy-mm-dd`.
        case date(String)

        var description: String {
            switch self {
            case .latest: return "latest"
            case .date(let day): return day
            }
        }
    }

    struct CLV: Equatable {
        var enabled = true
        var unit: TimeUnit = .week
        var horizonMonths = 12
        /// Yearly rate future value is discounted at.
        var discountRate = 0.10
        /// Share of revenue that is profit (1.0: value is revenue).
        var margin = 1.0
    }

    /// Share of customers, by value rank, in each tier; the rest are `low`.
    struct Tiers: Equatable {
        var top = 0.01
        var high = 0.04
        var mid = 0.15
    }

    var asOf: AsOf = .latest
    var clv = CLV()
    var tiers = Tiers()
    var inactivityDays = 180

    static let keys = ["as_of", "clv", "tiers", "inactivity_days"]
    static let clvKeys = ["enabled", "unit", "horizon_months", "discount_rate", "margin"]
    static let tierKeys = ["top", "high", "mid"]

    init() {}

    init(yaml node: Node, reader: ConfigReader) throws {
        let values = try reader.mapping("analysis", node, known: Self.keys)
        if let node = values["as_of"] {
            let text = try reader.string("analysis.as_of", node)
            if text == "latest" {
                asOf = .latest
            } else if Self.isDay(text) {
                asOf = .date(text)
            } else {
                throw reader.error("analysis.as_of", node, "'\(text)' is neither 'latest' nor a date yyyy-mm-dd")
            }
        }
        if let node = values["clv"] { try readCLV(node, reader) }
        if let node = values["tiers"] { try readTiers(node, reader) }
        if let node = values["inactivity_days"] {
            inactivityDays = try reader.int("analysis.inactivity_days", node, minimum: 1)
        }
    }

    private mutating func readCLV(_ node: Node, _ reader: ConfigReader) throws {
        let values = try reader.mapping("analysis.clv", node, known: Self.clvKeys)
        if let node = values["enabled"] { clv.enabled = try reader.bool("analysis.clv.enabled", node) }
        if let node = values["unit"] {
            let text = try reader.string("analysis.clv.unit", node)
            guard let unit = TimeUnit(rawValue: text) else {
                throw reader.error("analysis.clv.unit", node, "'\(text)' is not one of day, week, month")
            }
            clv.unit = unit
        }
        if let node = values["horizon_months"] { clv.horizonMonths = try reader.int("analysis.clv.horizon_months", node, minimum: 1) }
        if let node = values["discount_rate"] { clv.discountRate = try reader.double("analysis.clv.discount_rate", node, in: 0...1) }
        if let node = values["margin"] { clv.margin = try reader.double("analysis.clv.margin", node, in: 0...1) }
    }

    private mutating func readTiers(_ node: Node, _ reader: ConfigReader) throws {
        let values = try reader.mapping("analysis.tiers", node, known: Self.tierKeys)
        if let node = values["top"] { tiers.top = try reader.double("analysis.tiers.top", node, in: 0...1) }
        if let node = values["high"] { tiers.high = try reader.double("analysis.tiers.high", node, in: 0...1) }
        if let node = values["mid"] { tiers.mid = try reader.double("analysis.tiers.mid", node, in: 0...1) }
        if tiers.top + tiers.high + tiers.mid > 1 {
            throw reader.error("analysis.tiers", node, "top + high + mid must not exceed 1 (they are shares of all customers)")
        }
    }

    /// A real calendar day written `yyyy-mm-dd`.
    static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1
        else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month)
        guard let date = calendar.date(from: components), let days = calendar.range(of: .day, in: .month, for: date) else { return false }
        return days.contains(day)
    }
}
