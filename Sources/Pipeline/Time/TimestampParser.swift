/// Parses feed timestamps to microseconds since 1970-01-01T00:00:00Z.
///
/// Tries ISO 8601 / RFC 3339 first (see `ISO8601Reader`), then each
/// configured format in order. A value with an offset is exact; a value
/// without one is wall-clock time in the feed's zone, converted with
/// `ZoneRules.utcSeconds(forLocal:)` (DST gaps and overlaps resolved as
/// documented there). Date-only values are local midnight.
///
/// A parser is an immutable value: build it once per feed and share it
/// across threads.
public struct TimestampParser: Sendable {
    public let zone: ZoneRules
    public let formats: [DateTimeFormat]

    public init(zone: ZoneRules = .utc, formats: [DateTimeFormat] = []) {
        self.zone = zone
        self.formats = formats
    }

    /// Convenience: a zone identifier and format patterns; nil if either is unknown.
    public init?(timeZone identifier: String, formats patterns: [String] = []) {
        guard let zone = ZoneRules(identifier: identifier) else { return nil }
        var formats: [DateTimeFormat] = []
        for p in patterns {
            guard let f = DateTimeFormat(p) else { return nil }
            formats.append(f)
        }
        self.init(zone: zone, formats: formats)
    }

    /// Microseconds since the Unix epoch (UTC), or `timestamp.invalid`.
    public func parse(_ bytes: UnsafeRawBufferPointer) -> Result<Int64, ParseFailure> {
        let text = ASCII.trimmed(bytes)
        guard !text.isEmpty else { return .failure(ParseFailure(.timestampInvalid, "empty timestamp")) }
        guard let local = read(text) else {
            return .failure(ParseFailure(.timestampInvalid, "not ISO 8601 or a configured format"))
        }
        guard local.isValid else { return .failure(ParseFailure(.timestampInvalid, "date or time out of range")) }
        return .success(microseconds(of: local))
    }

    public func parse(_ text: String) -> Result<Int64, ParseFailure> {
        text.withRawUTF8 { parse($0) }
    }

    /// The UTC instant of parsed parts, applying the feed zone when no offset was given.
    public func microseconds(of local: LocalDateTime) -> Int64 {
        let wall = local.secondsAsIfUTC
        let utc = local.utcOffsetSeconds.map { wall - Int64($0) } ?? zone.utcSeconds(forLocal: wall)
        return utc * 1_000_000 + Int64(local.microsecond)
    }

    private func read(_ text: UnsafeRawBufferPointer) -> LocalDateTime? {
        if let iso = ISO8601Reader.read(text) { return iso }
        // The first format that yields a valid value wins, so "%m/%d/%Y"
        // after "%d/%m/%Y" still reads "03/25/2024".
        var firstMatch: LocalDateTime?
        for format in formats {
            guard let v = format.read(text) else { continue }
            if v.isValid { return v }
            firstMatch = firstMatch ?? v
        }
        return firstMatch
    }
}

/// Parses feed dates to days since 1970-01-01: ISO "YYYY-MM-DD" first, then
/// each configured format (only the date parts of a format are used).
public struct DateParser: Sendable {
    public let formats: [DateTimeFormat]

    public init(formats: [DateTimeFormat] = []) { self.formats = formats }

    /// Convenience with format patterns; nil if one is invalid.
    public init?(formats patterns: [String]) {
        var formats: [DateTimeFormat] = []
        for p in patterns {
            guard let f = DateTimeFormat(p) else { return nil }
            formats.append(f)
        }
        self.init(formats: formats)
    }

    /// Days since the epoch, or `date.invalid`.
    public func parse(_ bytes: UnsafeRawBufferPointer) -> Result<Int32, ParseFailure> {
        let text = ASCII.trimmed(bytes)
        guard !text.isEmpty else { return .failure(ParseFailure(.dateInvalid, "empty date")) }
        var c = ByteCursor(text)
        var parts = ISO8601Reader.readDate(&c).flatMap { c.atEnd ? $0 : nil }
        if parts == nil {
            for format in formats {
                if let v = format.read(text), CivilCalendar.isValid(year: v.year, month: v.month, day: v.day) {
                    parts = v
                    break
                }
            }
        }
        guard let d = parts else { return .failure(ParseFailure(.dateInvalid, "not YYYY-MM-DD or a configured format")) }
        guard CivilCalendar.isValid(year: d.year, month: d.month, day: d.day) else {
            return .failure(ParseFailure(.dateInvalid, "no such calendar date"))
        }
        return .success(Int32(CivilCalendar.daysSinceEpoch(year: d.year, month: d.month, day: d.day)))
    }

    public func parse(_ text: String) -> Result<Int32, ParseFailure> {
        text.withRawUTF8 { parse($0) }
    }
}
