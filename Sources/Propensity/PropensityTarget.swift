/// What a propensity model predicts.
public enum PropensityTarget: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// An order within `days` after the as-of date, among customers who had ordered by it.
    case buy(days: Int)
    /// A response on `channel` within `days`, among customers contacted on it in those days.
    case respond(channel: String, days: Int)
    /// A better (up) or worse (down) value tier `days` after the as-of date than at it,
    /// among customers who had ordered by it.
    case tierMove(TierMove, days: Int)

    /// buy_30d, buy_90d, respond_email …
    public var name: String {
        switch self {
        case .buy(let days): return "buy_\(days)d"
        case .respond(let channel, _): return "respond_\(channel)"
        case .tierMove(let move, _): return "tier_\(move.rawValue)"
        }
    }

    public var description: String { name }

    public var horizonDays: Int {
        switch self {
        case .buy(let days), .respond(_, let days), .tierMove(_, let days): return days
        }
    }

    public var channel: String? {
        if case .respond(let channel, _) = self { return channel }
        return nil
    }

    /// Who the rows are, in words.
    var population: String {
        switch self {
        case .buy, .tierMove: return "no customer had ordered"
        case .respond(let channel, _): return "no customer was contacted on \(channel)"
        }
    }

    /// The label and its population in words, as `dw.propensity_model.label` keeps it.
    public var label: String {
        switch self {
        case .buy(let days):
            return "an order (counted on its first purchase line's day) within the \(days) days after the window's "
                + "start, among customers with an order on or before it"
        case .respond(let channel, let days):
            return "a response on \(channel) within the \(days) days after the window's start, among customers "
                + "with an order on or before it who were contacted on \(channel) in those days (control groups left out)"
        case .tierMove(let move, let days):
            return "a \(move == .up ? "better" : "worse") value tier \(days) days after the window's start than at it "
                + "(top, high, medium, low, lapsed; each date's tiers ranked as the marts rank them), among customers "
                + "with an order on or before it"
        }
    }

    public static func < (a: PropensityTarget, b: PropensityTarget) -> Bool {
        a.sortKey < b.sortKey
    }

    private var sortKey: String {
        switch self {
        case .buy(let days): return "0-\(String(days).leftPadded(6))"
        case .respond(let channel, _): return "1-\(channel)"
        case .tierMove(let move, _): return "2-\(move.rawValue)"
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
