import Foundation

/// What a report may be asked for besides its name.
public struct ReportParameters: Sendable {
    /// yyyy-mm-dd; nil for the latest refreshed data.
    public var asOf: String?
    /// Months of the window or forecast horizon; nil for the report's default.
    public var months: Int?
    /// value_forecast: check the forecast from past origins instead of forecasting.
    public var backtest: Bool

    public init(asOf: String? = nil, months: Int? = nil, backtest: Bool = false) {
        self.asOf = asOf
        self.months = months
        self.backtest = backtest
    }

    /// Checks the as-of date is a real calendar date in yyyy-mm-dd form.
    public func validate() throws {
        if let asOf, Self.calendarDate(asOf) == nil {
            throw ReportError.usage("--as-of must be a date as yyyy-mm-dd, not '\(asOf)'")
        }
        if let months, !(1...120).contains(months) {
            throw ReportError.usage("--months must be between 1 and 120, not \(months)")
        }
    }

    static func calendarDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.isLenient = false
        guard text.utf8.count == 10, let date = formatter.date(from: text) else { return nil }
        return formatter.string(from: date) == text ? date : nil
    }
}
