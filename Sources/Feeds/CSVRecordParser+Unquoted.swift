#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The slow path of unquoted values: NULL markers and backslash escapes.
extension CSVRecordParser {
    @inline(never)
    func appendUnquoted(_ fields: inout FieldWriter, _ buffer: UnsafePointer<UInt8>, from: Int, to: Int, escaped: Bool, field: Int) {
        let length = to - from
        // NULL markers compare against the value as written: `\N` is NULL
        // before backslash escapes are applied.
        if markers.isNull(field: field, buffer + from, length) {
            fields.appendNull()
            return
        }
        guard escaped else {
            fields.append(start: from, length: length)
            return
        }
        let scratchStart = store.scratchCount
        var p = from
        var segmentStart = from
        while p < to {
            if buffer[p] == UInt8(ascii: "\\") && p + 1 < to {
                store.appendToScratch(buffer + segmentStart, count: p - segmentStart)
                store.appendToScratch(Self.unescape(buffer[p + 1]))
                p += 2
                segmentStart = p
            } else {
                p += 1
            }
        }
        store.appendToScratch(buffer + segmentStart, count: to - segmentStart)
        fields.appendScratch(from: scratchStart)
    }

    /// `\t`, `\n`, `\r`, `\0` name control characters; any other escaped byte
    /// stands for itself (`\"`, `\\`, `\,`).
    @inline(__always)
    static func unescape(_ byte: UInt8) -> UInt8 {
        switch byte {
        case UInt8(ascii: "t"): return 9
        case UInt8(ascii: "n"): return 10
        case UInt8(ascii: "r"): return 13
        case UInt8(ascii: "0"): return 0
        default: return byte
        }
    }
}
