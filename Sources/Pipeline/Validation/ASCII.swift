/// Byte-level helpers shared by the parsers. Everything here works on UTF-8
/// bytes and never allocates.
public enum ASCII {
    @inlinable static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inlinable static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
    @inlinable static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inlinable public static func lower(_ b: UInt8) -> UInt8 { b &- 0x41 < 26 ? b | 0x20 : b }
    @inlinable static func upper(_ b: UInt8) -> UInt8 { b &- 0x61 < 26 ? b & 0xDF : b }

    /// The buffer without leading and trailing ASCII whitespace (a byte range
    /// in the original buffer, so nothing is copied).
    @inlinable
    public static func trimmed(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Case-insensitive comparison with a lower-case ASCII literal.
    @inlinable
    static func equalsLowercased(_ bytes: UnsafeRawBufferPointer, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        let p = literal.utf8Start
        for i in 0..<bytes.count where lower(bytes[i]) != p[i] { return false }
        return true
    }
}

extension String {
    /// Runs `body` on the string's UTF-8 bytes without copying when the
    /// string is already contiguous UTF-8 (the common case).
    @inlinable
    func withRawUTF8<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = self
        return try copy.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }
}
