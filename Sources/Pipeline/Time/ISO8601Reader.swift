/// Reads ISO 8601 / RFC 3339 shapes that real feeds produce:
///
///     2024-03-05                      (date only: local midnight)
///     2024-03-05T10:11                (no seconds)
///     2024-03-05T10:11:12Z
///     2024-03-05 10:11:12+01:00       (space instead of 'T')
///     2024-03-05T10:11:12.123456+0100 (1-6 fractional digits, '.' or ',')
///     2024-03-05 10:11:12 +01         (a space before the offset)
///
/// More than 6 fractional digits, hour 24 and leap seconds (":60") are
/// rejected rather than silently rounded.
enum ISO8601Reader {
    static func read(_ text: UnsafeRawBufferPointer) -> LocalDateTime? {
        var c = ByteCursor(text)
        guard let date = readDate(&c) else { return nil }
        var result = date
        if c.atEnd { return result }
        guard c.consume(UInt8(ascii: "T")) || c.consume(UInt8(ascii: "t")) || c.consume(UInt8(ascii: " ")),
            let hour = c.digits(min: 2, max: 2), c.consume(UInt8(ascii: ":")),
            let minute = c.digits(min: 2, max: 2)
        else { return nil }
        result.hour = hour
        result.minute = minute
        if c.consume(UInt8(ascii: ":")) {
            guard let second = c.digits(min: 2, max: 2) else { return nil }
            result.second = second
            if c.consume(UInt8(ascii: ".")) || c.consume(UInt8(ascii: ",")) {
                guard let micros = c.microseconds() else { return nil }
                result.microsecond = micros
            }
        }
        if c.atEnd { return result }
        _ = c.consume(UInt8(ascii: " "))
        guard let offset = c.utcOffset(), c.atEnd else { return nil }
        result.utcOffsetSeconds = offset
        return result
    }

    /// "YYYY-MM-DD" with exactly these widths.
    static func readDate(_ c: inout ByteCursor) -> LocalDateTime? {
        guard let year = c.digits(min: 4, max: 4), c.consume(UInt8(ascii: "-")),
            let month = c.digits(min: 2, max: 2), c.consume(UInt8(ascii: "-")),
            let day = c.digits(min: 2, max: 2)
        else { return nil }
        return LocalDateTime(year: year, month: month, day: day)
    }
}
