import Foundation

/// The months a KPI export covers: `YYYY-MM`, `YYYY-Qn` or `last-month`
/// (the calendar month before today, UTC — what a job on the 1st wants).
public struct KPIPeriod: Sendable, Equatable {
    /// The label written to the manifest, e.g. 2026-10 or 2026-Q3.
    public let label: String
    /// First day of the first month, yyyy-mm-dd.
    public let firstMonth: String
    /// First day of the last month, yyyy-mm-dd.
    public let lastMonth: String
    /// First day of every month of the period, in order.
    public let months: [String]

    public init(parsing text: String, today: Date = Date()) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        if text == "last-month" {
            let now = calendar.dateComponents([.year, .month], from: today)
            let (year, month) = now.month! == 1 ? (now.year! - 1, 12) : (now.year!, now.month! - 1)
            self.init(label: Self.month(year, month), year: year, first: month, last: month)
            return
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), year >= 1900 else {
            throw Self.invalid(text)
        }
        if parts[1].count == 2, let month = Int(parts[1]), (1...12).contains(month) {
            self.init(label: text, year: year, first: month, last: month)
        } else if parts[1].count == 2, parts[1].first == "Q", let quarter = Int(parts[1].dropFirst()),
            (1...4).contains(quarter)
        {
            self.init(label: text, year: year, first: quarter * 3 - 2, last: quarter * 3)
        } else {
            throw Self.invalid(text)
        }
    }

    private init(label: String, year: Int, first: Int, last: Int) {
        self.label = label
        firstMonth = Self.month(year, first) + "-01"
        lastMonth = Self.month(year, last) + "-01"
        months = (first...last).map { Self.month(year, $0) + "-01" }
    }

    static func month(_ year: Int, _ month: Int) -> String {
        String(format: "%04d-%02d", year, month)
    }

    static func invalid(_ text: String) -> Error {
        ReportError.usage("--period must be YYYY-MM, YYYY-Qn or last-month, not '\(text)'")
    }
}
