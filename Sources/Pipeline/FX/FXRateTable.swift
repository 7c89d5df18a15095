/// Exchange rates to the base currency, by day.
///
/// `rate_to_base` is what one unit of the currency is worth in the base
/// currency: amount_in_base = amount × rate_to_base (EUR at 1.0842 means
/// 1 EUR = 1.0842 USD). A lookup uses the day's rate or the latest earlier
/// one (weekends and holidays have no fixing), then the configured static
/// fallback; a currency with neither is `currency.no_rate` — never a silent
/// 1.0. The base currency itself is exactly 1 by definition.
public struct FXRateTable: Sendable {
    public let baseCurrency: CurrencyCode
    /// Rates used when a currency has no dated rate on or before the day.
    public var fallbackRates: [CurrencyCode: ExactDecimal]
    /// When set, a dated rate older than this many days is not used (the
    /// fallback or `currency.no_rate` applies instead).
    public var maximumRateAgeDays: Int32?

    /// Per currency, (day, rate) ascending by day.
    private var series: [CurrencyCode: [DatedRate]] = [:]

    struct DatedRate: Sendable {
        var day: Int32
        var rate: ExactDecimal
    }

    public init(baseCurrency: CurrencyCode = .usd, fallbackRates: [CurrencyCode: ExactDecimal] = [:],
                maximumRateAgeDays: Int32? = nil) {
        self.baseCurrency = baseCurrency
        self.fallbackRates = fallbackRates
        self.maximumRateAgeDays = maximumRateAgeDays
    }

    /// Number of dated rates held.
    public var count: Int { series.values.reduce(0) { $0 + $1.count } }

    /// Adds or replaces the rate of `currency` on `day` (days since 1970-01-01).
    /// Rates must be positive. In-order input (the usual file) appends in O(1).
    public mutating func setRate(_ rate: ExactDecimal, for currency: CurrencyCode, on day: Int32) -> ParseFailure? {
        guard rate.signum > 0 else { return ParseFailure(.fxRateInvalid, "rate must be positive") }
        var list = series.removeValue(forKey: currency) ?? []
        if let last = list.last, last.day < day {
            list.append(DatedRate(day: day, rate: rate))
        } else {
            let i = Self.firstIndex(in: list, after: day)  // first entry with day > `day`
            if i > 0, list[i - 1].day == day {
                list[i - 1].rate = rate
            } else {
                list.insert(DatedRate(day: day, rate: rate), at: i)
            }
        }
        series[currency] = list
        return nil
    }

    /// The rate to base of `currency` on `day`, or `currency.no_rate`.
    public func rate(for currency: CurrencyCode, on day: Int32) -> Result<ExactDecimal, ParseFailure> {
        if currency == baseCurrency { return .success(.one) }
        if let list = series[currency] {
            let i = Self.firstIndex(in: list, after: day)
            if i > 0, maximumRateAgeDays.map({ day - list[i - 1].day <= $0 }) ?? true {
                return .success(list[i - 1].rate)
            }
        }
        if let fallback = fallbackRates[currency] { return .success(fallback) }
        return .failure(ParseFailure(.currencyNoRate, "no exchange rate on or before the date and no fallback"))
    }

    /// `amount` in the base currency, rounded to `scale` places with `rule`
    /// (half-even by default, see `RoundingRule`).
    public func convert(
        _ amount: ExactDecimal, from currency: CurrencyCode, on day: Int32,
        scale: Int = 2, rule: RoundingRule = .halfEven
    ) -> Result<ExactDecimal, ParseFailure> {
        switch rate(for: currency, on: day) {
        case .failure(let f): return .failure(f)
        case .success(let rate):
            guard let converted = amount.multiplied(by: rate, roundingToScale: scale, rule: rule) else {
                return .failure(ParseFailure(.moneyOverflow, "converted amount does not fit 18 digits"))
            }
            return .success(converted)
        }
    }

    /// Index of the first rate dated after `day` (binary search).
    private static func firstIndex(in list: [DatedRate], after day: Int32) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let mid = (low + high) >> 1
            if list[mid].day <= day { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
