/// A strftime-like input format, compiled once and matched on bytes.
///
/// Directives: `%Y` 4-digit year, `%y` 2-digit year (69-99 → 19xx, else
/// 20xx, as POSIX), `%m` `%d` `%e` `%H` `%I` `%M` `%S` 1-2 digits (greedy, so
/// "%Y%m%d" reads "20240305" and "%d/%m/%Y" reads "5/3/2024"), `%f` 1-6
/// fractional digits, `%p` AM/PM, `%b` / `%B` English month names
/// (abbreviated or full, any case), `%z` a UTC offset ("Z", "+01:00",
/// "+0100"), `%F` = `%Y-%m-%d`, `%T` = `%H:%M:%S`, `%%` a percent sign.
/// A space matches one or more spaces; any other byte matches itself.
public struct DateTimeFormat: Sendable, Hashable, CustomStringConvertible {
    enum Token: Sendable, Hashable {
        case literal(UInt8), space
        case year4, year2, month, day, hour24, hour12, minute, second, fraction, ampm, monthName, offset
    }

    public let pattern: String
    let tokens: [Token]

    /// Compiles a pattern; nil when it has an unknown directive.
    public init?(_ pattern: String) {
        var tokens: [Token] = []
        var bytes = Array(pattern.utf8)[...]
        while let b = bytes.popFirst() {
            if b == UInt8(ascii: " ") {
                tokens.append(.space)
                continue
            }
            guard b == UInt8(ascii: "%") else {
                tokens.append(.literal(b))
                continue
            }
            guard let d = bytes.popFirst() else { return nil }
            switch d {
            case UInt8(ascii: "Y"): tokens.append(.year4)
            case UInt8(ascii: "y"): tokens.append(.year2)
            case UInt8(ascii: "m"): tokens.append(.month)
            case UInt8(ascii: "d"), UInt8(ascii: "e"): tokens.append(.day)
            case UInt8(ascii: "H"): tokens.append(.hour24)
            case UInt8(ascii: "I"): tokens.append(.hour12)
            case UInt8(ascii: "M"): tokens.append(.minute)
            case UInt8(ascii: "S"): tokens.append(.second)
            case UInt8(ascii: "f"): tokens.append(.fraction)
            case UInt8(ascii: "p"): tokens.append(.ampm)
            case UInt8(ascii: "b"), UInt8(ascii: "B"): tokens.append(.monthName)
            case UInt8(ascii: "z"): tokens.append(.offset)
            case UInt8(ascii: "F"):
                tokens += [.year4, .literal(UInt8(ascii: "-")), .month, .literal(UInt8(ascii: "-")), .day]
            case UInt8(ascii: "T"):
                tokens += [.hour24, .literal(UInt8(ascii: ":")), .minute, .literal(UInt8(ascii: ":")), .second]
            case UInt8(ascii: "%"): tokens.append(.literal(d))
            default: return nil
            }
        }
        self.pattern = pattern
        self.tokens = tokens
    }

    public var description: String { pattern }

    /// Whether the pattern reads a time of day (else values are dates).
    public var hasTime: Bool { tokens.contains { $0 == .hour24 || $0 == .hour12 } }

    /// Matches the whole text; nil when it does not fit or has impossible parts.
    func read(_ text: UnsafeRawBufferPointer) -> LocalDateTime? {
        var c = ByteCursor(text)
        var r = LocalDateTime(year: 1970, month: 1, day: 1)
        var pm: Bool?
        for token in tokens {
            switch token {
            case .literal(let b): guard c.consume(b) else { return nil }
            case .space:
                guard c.consume(UInt8(ascii: " ")) else { return nil }
                while c.consume(UInt8(ascii: " ")) {}
            case .year4: guard let v = c.digits(min: 4, max: 4) else { return nil }; r.year = v
            case .year2: guard let v = c.digits(min: 2, max: 2) else { return nil }; r.year = v >= 69 ? 1900 + v : 2000 + v
            case .month: guard let v = c.digits(min: 1, max: 2) else { return nil }; r.month = v
            case .day: guard let v = c.digits(min: 1, max: 2) else { return nil }; r.day = v
            case .hour24: guard let v = c.digits(min: 1, max: 2) else { return nil }; r.hour = v
            case .hour12:
                guard let v = c.digits(min: 1, max: 2), (1...12).contains(v) else { return nil }
                r.hour = v % 12
            case .minute: guard let v = c.digits(min: 1, max: 2) else { return nil }; r.minute = v
            case .second: guard let v = c.digits(min: 1, max: 2) else { return nil }; r.second = v
            case .fraction: guard let v = c.microseconds() else { return nil }; r.microsecond = v
            case .ampm: guard let v = Self.readAMPM(&c) else { return nil }; pm = v
            case .monthName: guard let v = MonthNames.read(&c) else { return nil }; r.month = v
            case .offset: guard let v = c.utcOffset() else { return nil }; r.utcOffsetSeconds = v
            }
        }
        guard c.atEnd else { return nil }
        if pm == true { r.hour += 12 }
        return r
    }

    private static func readAMPM(_ c: inout ByteCursor) -> Bool? {
        guard let first = c.current.map(ASCII.lower) else { return nil }
        guard first == UInt8(ascii: "a") || first == UInt8(ascii: "p") else { return nil }
        c.index += 1
        guard let m = c.current.map(ASCII.lower), m == UInt8(ascii: "m") else { return nil }
        c.index += 1
        return first == UInt8(ascii: "p")
    }
}

/// English month names, matched case-insensitively by their first three letters
/// and optionally the rest of the full name.
enum MonthNames {
    static let full: [StaticString] = [
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ]

    static func read(_ c: inout ByteCursor) -> Int? {
        let remaining = c.bytes.count - c.index
        guard remaining >= 3 else { return nil }
        for (i, name) in full.enumerated() {
            let p = name.utf8Start
            guard (0..<3).allSatisfy({ ASCII.lower(c.bytes[c.index + $0]) == p[$0] }) else { continue }
            c.index += 3
            // Accept the full name ("March") or the abbreviation ("Mar", "Mar.").
            let n = name.utf8CodeUnitCount
            if remaining >= n, (3..<n).allSatisfy({ ASCII.lower(c.bytes[c.index - 3 + $0]) == p[$0] }) {
                c.index += n - 3
            } else {
                _ = c.consume(UInt8(ascii: "."))
            }
            return i + 1
        }
        return nil
    }
}
