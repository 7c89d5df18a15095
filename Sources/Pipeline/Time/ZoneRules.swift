import Foundation

/// The UTC offsets of one IANA time zone as a sorted transition table.
///
/// Foundation's `TimeZone` is far too slow to ask once per field, so the
/// table is built once per zone (every transition from 1900 to 2100) and
/// lookups are a binary search. Tables are shared per identifier.
public struct ZoneRules: Sendable, Hashable {
    public let identifier: String
    /// UTC seconds at which a new offset starts, ascending.
    private let transitions: [Int64]
    /// offsets[0] applies before transitions[0]; offsets[i+1] from transitions[i].
    private let offsets: [Int32]

    public static let utc = ZoneRules(identifier: "UTC", transitions: [], offsets: [0])

    private init(identifier: String, transitions: [Int64], offsets: [Int32]) {
        self.identifier = identifier
        self.transitions = transitions
        self.offsets = offsets
    }

    /// A fixed offset east of UTC (for feeds that say "+01:00" rather than a zone).
    public init(fixedOffsetSeconds: Int) {
        self.init(identifier: "UTC\(fixedOffsetSeconds >= 0 ? "+" : "")\(fixedOffsetSeconds)",
                  transitions: [], offsets: [Int32(fixedOffsetSeconds)])
    }

    /// The rules of an IANA zone such as "Europe/Berlin", or nil if unknown.
    public init?(identifier: String) {
        if let cached = ZoneRulesCache.shared.rules(for: identifier) {
            self = cached
            return
        }
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        var transitions: [Int64] = []
        var offsets: [Int32] = []
        var date = Date(timeIntervalSince1970: -2_208_988_800)  // 1900-01-01
        let end = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01
        offsets.append(Int32(zone.secondsFromGMT(for: date)))
        while let next = zone.nextDaylightSavingTimeTransition(after: date), next < end {
            let offset = Int32(zone.secondsFromGMT(for: next))
            if offset != offsets.last! {
                transitions.append(Int64(next.timeIntervalSince1970.rounded()))
                offsets.append(offset)
            }
            date = next
        }
        self.init(identifier: identifier, transitions: transitions, offsets: offsets)
        ZoneRulesCache.shared.store(self)
    }

    /// The offset east of UTC in effect at a UTC instant.
    @inlinable
    public func offsetSeconds(atUTC seconds: Int64) -> Int {
        Int(offsetTable(seconds))
    }

    @usableFromInline
    func offsetTable(_ seconds: Int64) -> Int32 {
        var low = 0
        var high = transitions.count
        while low < high {
            let mid = (low + high) >> 1
            if transitions[mid] <= seconds { low = mid + 1 } else { high = mid }
        }
        return offsets[low]
    }

    /// The UTC instant of a wall-clock time in this zone (seconds read as if
    /// UTC). Same resolution as java.time's `ZonedDateTime.ofLocal`:
    /// - ambiguous (clocks go back, the hour happens twice): the earlier
    ///   instant, i.e. the offset in effect before the transition;
    /// - nonexistent (clocks go forward, e.g. 02:30 on Berlin's spring
    ///   Sunday): shifted forward by the gap, read with the offset in effect
    ///   before the transition (02:30 → 03:30 CEST).
    public func utcSeconds(forLocal local: Int64) -> Int64 {
        if transitions.isEmpty { return local - Int64(offsets[0]) }
        // Transitions are months apart, so a day either side brackets at most one.
        let before = Int64(offsetTable(local - 86_400))
        let after = Int64(offsetTable(local + 86_400))
        if before == after { return local - before }
        let early = local - before
        let late = local - after
        let earlyValid = Int64(offsetTable(early)) == before
        let lateValid = Int64(offsetTable(late)) == after
        switch (earlyValid, lateValid) {
        case (true, true): return min(early, late)
        case (true, false): return early
        case (false, true): return late
        case (false, false): return early  // in the gap: read with the pre-transition offset
        }
    }
}

/// Process-wide cache so every parser for "Europe/Berlin" shares one table.
final class ZoneRulesCache: @unchecked Sendable {
    static let shared = ZoneRulesCache()
    private let lock = NSLock()
    private var byIdentifier: [String: ZoneRules] = [:]

    func rules(for identifier: String) -> ZoneRules? {
        lock.lock()
        defer { lock.unlock() }
        return byIdentifier[identifier]
    }

    func store(_ rules: ZoneRules) {
        lock.lock()
        defer { lock.unlock() }
        byIdentifier[rules.identifier] = rules
    }
}
