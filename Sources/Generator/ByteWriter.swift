import Foundation

/// A buffered file writer that formats numbers, dates and CSV fields
/// straight into bytes: no `String(format:)` or `DateFormatter` in the loops
/// that write millions of lines.
public final class ByteWriter {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: [UInt8] = []
    public private(set) var bytesWritten = 0
    /// Lines written (newlines), so the caller knows the current line number.
    public private(set) var lines = 0

    public init(path: String) throws {
        guard let f = fopen(path, "wb") else {
            throw GeneratorError(message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        file = f
        buffer.reserveCapacity(1 << 20)
    }

    deinit { fclose(file) }

    public func flush() throws {
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count else { throw GeneratorError(message: "write failed: disk full?") }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    public func close() throws {
        try flush()
        guard fflush(file) == 0 else { throw GeneratorError(message: "write failed: disk full?") }
    }

    @inline(__always) public func byte(_ b: UInt8) { buffer.append(b) }

    /// A CSV field: quoted (RFC 4180) only when it holds a comma, quote or
    /// line break, which only planted bad values ("1,5k") ever do.
    public func text(_ s: String) {
        let utf8 = s.utf8
        guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            buffer.append(contentsOf: utf8)
            return
        }
        buffer.append(0x22)
        for b in utf8 {
            if b == 0x22 { buffer.append(0x22) }
            buffer.append(b)
        }
        buffer.append(0x22)
    }

    /// The header line's column names, written as they are.
    public func header(_ columns: StaticString) throws {
        text(columns)
        try endLine()
    }

    public func text(_ s: StaticString) {
        buffer.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    @inline(__always) public func comma() { buffer.append(UInt8(ascii: ",")) }

    public func endLine() throws {
        buffer.append(UInt8(ascii: "\n"))
        lines += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Decimal digits of a non-negative or negative integer.
    public func int(_ value: Int) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var v = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(v % 10) + 0x30
                v /= 10
                n += 1
            } while v > 0
            for i in stride(from: n - 1, through: 0, by: -1) { buffer.append(d[i]) }
        }
    }

    /// An integer left-padded with zeros to `width` digits.
    public func padded(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            buffer.append(UInt8(v / divisor % 10) + 0x30)
            v %= divisor
            divisor /= 10
        }
    }

    /// An amount in minor units (cents) as "12.34" / "-0.50".
    public func cents(_ value: Int) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        let m = Int(value.magnitude)
        int(m / 100)
        buffer.append(UInt8(ascii: "."))
        padded(m % 100, width: 2)
    }

    /// A fixed-point value with `places` decimals ("1.084213").
    public func fixed(_ value: Int, places: Int) {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        let m = Int(value.magnitude)
        int(m / scale)
        if places > 0 {
            buffer.append(UInt8(ascii: "."))
            padded(m % scale, width: places)
        }
    }

    /// "YYYY-MM-DD" of a day number.
    public func date(day: Int) {
        let d = Civil.date(day)
        padded(d.year, width: 4)
        buffer.append(UInt8(ascii: "-"))
        padded(d.month, width: 2)
        buffer.append(UInt8(ascii: "-"))
        padded(d.day, width: 2)
    }

    /// Wall-clock "YYYY-MM-DD?HH:MM:SS" for `seconds` (already local), with
    /// `separator` 'T' or ' '.
    public func dateTime(localSeconds seconds: Int64, separator: UInt8) {
        let day = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(day) * 86_400)
        date(day: day)
        buffer.append(separator)
        padded(rest / 3600, width: 2)
        buffer.append(UInt8(ascii: ":"))
        padded(rest / 60 % 60, width: 2)
        buffer.append(UInt8(ascii: ":"))
        padded(rest % 60, width: 2)
    }

    /// A UTC offset "+01:00" / "-05:00", or "Z" for zero when `zulu`.
    public func offset(minutes: Int, zulu: Bool) {
        if minutes == 0, zulu {
            buffer.append(UInt8(ascii: "Z"))
            return
        }
        buffer.append(minutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        padded(abs(minutes) / 60, width: 2)
        buffer.append(UInt8(ascii: ":"))
        padded(abs(minutes) % 60, width: 2)
    }
}

/// An error the generator reports to the command line.
public struct GeneratorError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
