/// The character encoding of a feed file. Everything the readers hand out is
/// UTF-8; single-byte encodings are converted as the bytes are read.
public enum SourceEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case latin1 = "latin-1"
    case windows1252 = "windows-1252"
    /// 7-bit ASCII: any byte ≥ 0x80 rejects its record, naming the byte offset.
    case ascii = "ascii"

    /// Accepts the spellings people write in configs: `UTF8`, `iso-8859-1`, `cp1252`…
    public init?(name: String) {
        let key = name.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }
        switch key {
        case "utf8": self = .utf8
        case "latin1", "iso88591", "l1": self = .latin1
        case "windows1252", "cp1252", "win1252": self = .windows1252
        case "ascii", "usascii", "us", "ansix3.41968": self = .ascii
        default: return nil
        }
    }
}

/// Converts Latin-1 or Windows-1252 bytes to UTF-8 while they stream through.
/// Both are single-byte encodings, so a chunk can be converted on its own and
/// the ASCII delimiters, quotes and newlines keep their meaning.
final class TranscodingByteSource: ByteSource {
    private let inner: ByteSource
    private let table: [UInt32]  // code point per byte value
    private var pending: [UInt8] = []
    private var raw: [UInt8]

    init(inner: ByteSource, encoding: SourceEncoding, chunkSize: Int) {
        self.inner = inner
        raw = [UInt8](repeating: 0, count: max(chunkSize / 3, 16))
        var table = (0..<256).map { UInt32($0) }
        if encoding == .windows1252 {
            for (offset, scalar) in windows1252High.enumerated() {
                table[0x80 + offset] = scalar
            }
        }
        self.table = table
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let out = buffer.bindMemory(to: UInt8.self)
        guard out.count > 0 else { return 0 }
        if pending.isEmpty {
            // Each source byte becomes at most 3 UTF-8 bytes (the euro sign).
            let want = min(raw.count, max(out.count / 3, 1))
            let count = try raw.withUnsafeMutableBytes { try inner.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<want])) }
            if count == 0 { return 0 }
            for index in 0..<count { encode(table[Int(raw[index])]) }
        }
        // Hand out what fits; a tiny buffer gets the rest on the next call.
        let written = min(out.count, pending.count)
        for index in 0..<written { out[index] = pending[index] }
        pending.removeFirst(written)
        return written
    }

    private func encode(_ scalar: UInt32) {
        if scalar < 0x80 {
            pending.append(UInt8(scalar))
        } else if scalar < 0x800 {
            pending.append(UInt8(0xC0 | (scalar >> 6)))
            pending.append(UInt8(0x80 | (scalar & 0x3F)))
        } else {
            pending.append(UInt8(0xE0 | (scalar >> 12)))
            pending.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            pending.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}

/// Windows-1252 0x80–0x9F; the five undefined positions map to the C1
/// controls, as the WHATWG encoding standard does, so no byte is ever lost.
private let windows1252High: [UInt32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
]
