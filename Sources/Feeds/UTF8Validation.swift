/// UTF-8 checks for record bytes. The readers call these only for records that
/// contain a byte ≥ 0x80, so pure-ASCII data pays nothing.
enum UTF8Validation {
    /// The offset of the first byte that breaks UTF-8 (RFC 3629: no overlong
    /// forms, no surrogates, nothing above U+10FFFF), or nil when valid.
    static func firstInvalidOffset(_ start: UnsafePointer<UInt8>, count: Int) -> Int? {
        var index = 0
        while index < count {
            let lead = start[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return index
            }
            if index + length > count { return index }
            let second = start[index + 1]
            if second < lower || second > upper { return index }
            var next = 2
            while next < length {
                if start[index + next] & 0xC0 != 0x80 { return index }
                next += 1
            }
            index += length
        }
        return nil
    }

    /// True when no byte has its high bit set; checks eight bytes at a time.
    static func isASCII(_ start: UnsafePointer<UInt8>, count: Int) -> Bool {
        var index = 0
        let raw = UnsafeRawPointer(start)
        while index + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < count {
            if start[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    /// A reject reason for invalid UTF-8 at `offset` of a record.
    static func reason(offset: Int, in start: UnsafePointer<UInt8>, count: Int) -> String {
        let shown = (offset..<min(offset + 4, count)).map { hexByte(start[$0]) }.joined(separator: " ")
        return "invalid UTF-8 at byte \(offset + 1) of the record (bytes \(shown)); set the feed's encoding if the file is Latin-1 or Windows-1252"
    }

    static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
