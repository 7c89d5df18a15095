/// Finds the next "interesting" byte eight bytes at a time (SWAR): the bytes
/// equal to one of up to four targets, or any byte ≥ 0x80. Plain data between
/// delimiters is skipped without a per-byte branch, which is where a CSV
/// reader spends most of its time.
struct ByteScanner {
    private let first: UInt64
    private let second: UInt64
    private let third: UInt64
    private let fourth: UInt64
    private let table: UnsafeMutablePointer<UInt8>

    private static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    private static let high: UInt64 = 0x8080_8080_8080_8080

    /// `targets` holds one to four bytes; repeat one to fill unused places.
    init(targets: [UInt8]) {
        precondition(!targets.isEmpty && targets.count <= 4)
        let padded = targets + Array(repeating: targets[0], count: 4 - targets.count)
        first = UInt64(padded[0]) &* 0x0101_0101_0101_0101
        second = UInt64(padded[1]) &* 0x0101_0101_0101_0101
        third = UInt64(padded[2]) &* 0x0101_0101_0101_0101
        fourth = UInt64(padded[3]) &* 0x0101_0101_0101_0101
        table = .allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        for byte in 0x80...0xFF { table[byte] = 1 }
        for target in targets { table[Int(target)] = 1 }
    }

    /// Frees the lookup table; the owner calls this once.
    func deallocate() {
        table.deallocate()
    }

    /// 0x80 in each byte of `x` that is zero, exactly (no false positives).
    @inline(__always)
    private static func zeroBytes(_ x: UInt64) -> UInt64 {
        ~(((x & low7) &+ low7) | x | low7)
    }

    /// The offset of the first interesting byte in [from, end), or `end`.
    @inline(__always)
    func next(_ buffer: UnsafePointer<UInt8>, from: Int, end: Int) -> Int {
        var p = from
        let raw = UnsafeRawPointer(buffer)
        while p &+ 8 <= end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
            let mask = (word & Self.high) | Self.zeroBytes(word ^ first) | Self.zeroBytes(word ^ second)
                | Self.zeroBytes(word ^ third) | Self.zeroBytes(word ^ fourth)
            if mask != 0 { return p &+ (mask.trailingZeroBitCount &>> 3) }
            p &+= 8
        }
        while p < end && table[Int(buffer[p])] == 0 { p &+= 1 }
        return p
    }
}
