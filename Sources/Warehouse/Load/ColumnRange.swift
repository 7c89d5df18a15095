import Foundation
import Pipeline
import PostgresClient

/// The ranges the warehouse's columns hold, checked per record so a value
/// beyond them rejects its record instead of failing the file's COPY
/// (22003 "numeric field overflow", or a date key `dw.dim_date` lacks,
/// which the marts' joins would drop).
enum ColumnRange {
    /// Digits before the decimal point of the money columns: numeric(18, 4).
    static let moneyDigits = 14
    /// Campaign cost: numeric(18, 2).
    static let costDigits = 16
    /// Exchange rates: numeric(18, 8).
    static let rateDigits = 10

    /// Appends a `number.out_of_range` reject when `value` has more than
    /// `digits` digits before the decimal point; returns whether it fits.
    @discardableResult
    static func check(_ value: ExactDecimal?, digits: Int, field: String, issues: inout [FieldIssue]) -> Bool {
        guard let value, !value.fits(integerDigits: digits) else { return true }
        issues.append(FieldIssue(
            field: field, value: value.description, rule: .numberOutOfRange,
            message: "has more than \(digits) digits before the decimal point, more than the warehouse column holds",
            severity: .reject))
        return false
    }
}

extension ExactDecimal {
    /// Whether |value| < 10^digits.
    func fits(integerDigits digits: Int) -> Bool {
        let exponent = digits + scale
        // 10^19 exceeds any Int64 mantissa.
        guard exponent < 19 else { return true }
        return mantissa.magnitude < Self.powersOfTen[exponent]
    }

    private static let powersOfTen: [UInt64] = (0..<19).map { exponent in
        (0..<exponent).reduce(UInt64(1)) { power, _ in power * 10 }
    }
}

/// The calendar days a fact may fall on: those `dw.dim_date` holds (so no
/// mart join drops the fact), and no further in the future than the
/// configured horizon (an order dated 2099 is a typo, not a forecast).
public struct DateWindow: Sendable {
    public let firstKey: Int32
    public let lastKey: Int32

    public init(firstKey: Int32, lastKey: Int32) {
        self.firstKey = firstKey
        self.lastKey = lastKey
    }

    /// The window for a load now: dim_date's days, cut at today + `maxFutureDays` in `zone`.
    static func load(_ connection: Connection, maxFutureDays: Int, zone: ZoneRules, now: Date = Date()) throws -> DateWindow {
        let bounds = try connection.query("select min(date_key), max(date_key) from dw.dim_date where date_key > 0")
        let first = Int32(bounds.int(0, 0) ?? 19_900_101)
        let last = Int32(bounds.int(0, 1) ?? 20_401_231)
        let horizon = Int64((now.timeIntervalSince1970 + Double(maxFutureDays) * 86_400) * 1_000_000)
        return DateWindow(firstKey: first, lastKey: min(last, DateKey.of(unixMicroseconds: horizon, zone: zone)))
    }

    /// Appends a `date.out_of_range` reject when `key` is outside; returns whether it is inside.
    func admits(_ key: Int32, field: String, issues: inout [FieldIssue]) -> Bool {
        guard key < firstKey || key > lastKey else { return true }
        issues.append(FieldIssue(
            field: field, value: Self.text(key), rule: .dateOutOfRange,
            message: "falls outside the days the warehouse takes, \(Self.text(firstKey)) to \(Self.text(lastKey)) "
                + "(dw.dim_date, and at most warehouse.max_future_days ahead)", severity: .reject))
        return false
    }

    static func text(_ key: Int32) -> String {
        String(format: "%04d-%02d-%02d", key / 10_000, key / 100 % 100, key % 100)
    }
}
