import Foundation
import PostgresClient

/// The value tiers' cut-offs as the snapshot ranks them: of n customers in
/// the trailing 12 months, ranks ≤ ceil(n × top) are top, ≤ ceil(n × high)
/// high, ≤ ceil(n × medium) medium, the rest low (`mart.settings`).
public struct TierCutoffs: Sendable, Equatable {
    /// Cumulative shares, exact as written in mart.settings.
    public var top: Decimal
    public var high: Decimal
    public var medium: Decimal

    public init(top: Decimal, high: Decimal, medium: Decimal) {
        self.top = top
        self.high = high
        self.medium = medium
    }

    static func read(_ connection: Connection) throws -> TierCutoffs {
        let row = try connection.query(
            """
            select mart.setting('tier_top_share')::text, mart.setting('tier_high_share')::text,
                mart.setting('tier_medium_share')::text
            """
        ).rows.first
        func share(_ index: Int, _ fallback: Decimal) -> Decimal {
            row.flatMap { $0[index] }.flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
                ?? fallback
        }
        return TierCutoffs(top: share(0, 0.01), high: share(1, 0.05), medium: share(2, 0.20))
    }

    /// Top, high, medium and low counts of `customers` ranked without ties
    /// (ties at a cut-off all take the higher tier, so the snapshot can hold
    /// a few more in the higher tier).
    public func counts(customers: Int) -> [Int] {
        let n = max(customers, 0)
        let cumulative = [top, high, medium].map { min(n, Self.ceiling(Decimal(n) * $0)) } + [n]
        return cumulative.indices.map { $0 == 0 ? cumulative[0] : max(cumulative[$0] - cumulative[$0 - 1], 0) }
    }

    static func ceiling(_ value: Decimal) -> Int {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .up)
        return NSDecimalNumber(decimal: rounded).intValue
    }
}
