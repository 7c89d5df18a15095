/// A forward reader over field bytes used by the date and time parsers.
@usableFromInline
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard current == byte else { return false }
        index += 1
        return true
    }

    /// Reads between `min` and `max` digits (greedy), or nil.
    mutating func digits(min: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        while count < max, let b = current, ASCII.isDigit(b) {
            value = value * 10 + Int(b &- 0x30)
            count += 1
            index += 1
        }
        return count >= min ? value : nil
    }

    /// A fraction of a second after the separator: 1-6 digits as microseconds.
    mutating func microseconds() -> Int? {
        var value = 0
        var count = 0
        while let b = current, ASCII.isDigit(b) {
            guard count < 6 else { return nil }  // more than microsecond precision
            value = value * 10 + Int(b &- 0x30)
            count += 1
            index += 1
        }
        guard count > 0 else { return nil }
        for _ in count..<6 { value *= 10 }
        return value
    }

    /// A UTC offset: "Z", "+01:00", "+0100", "+01", "-05:30"; seconds east of UTC.
    mutating func utcOffset() -> Int? {
        guard let b = current else { return nil }
        if b == UInt8(ascii: "Z") || b == UInt8(ascii: "z") {
            index += 1
            return 0
        }
        guard b == UInt8(ascii: "+") || b == UInt8(ascii: "-") else { return nil }
        index += 1
        guard let hours = digits(min: 2, max: 2), hours <= 18 else { return nil }
        var minutes = 0
        if consume(UInt8(ascii: ":")) {
            guard let m = digits(min: 2, max: 2) else { return nil }
            minutes = m
        } else if let b = current, ASCII.isDigit(b) {
            guard let m = digits(min: 2, max: 2) else { return nil }
            minutes = m
        }
        guard minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return b == UInt8(ascii: "-") ? -seconds : seconds
    }
}
