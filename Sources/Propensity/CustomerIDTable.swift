#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// Customer ids seen in the history rows, each numbered on first sight: the
/// bytes live in one buffer and are found by hash, so a row costs no String
/// and no allocation (hundreds of thousands of rows, a few hundred thousand ids).
struct CustomerIDTable {
    private var bytes: [UInt8] = []
    /// Id k is bytes[offsets[k] ..< offsets[k + 1]].
    private var offsets: [Int] = [0]
    /// Open addressing: an id's number, or −1 for an empty slot.
    private var slots = [Int32](repeating: -1, count: 1 << 16)

    var count: Int { offsets.count - 1 }

    /// The number of `id`, given it on first sight.
    mutating func number(_ id: UnsafeRawBufferPointer) -> Int32 {
        if 2 * (count + 1) > slots.count { grow() }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: Self.hash(id)) & mask
        while true {
            let k = slots[slot]
            if k < 0 { break }
            if equals(Int(k), id) { return k }
            slot = (slot + 1) & mask
        }
        let k = Int32(count)
        slots[slot] = k
        bytes.append(contentsOf: id)
        offsets.append(bytes.count)
        return k
    }

    /// Id numbers in byte order of the ids (PostgreSQL's C collation).
    func byteOrder() -> [Int] {
        bytes.withUnsafeBytes { all in
            (0..<count).sorted { a, b in
                let la = offsets[a + 1] - offsets[a], lb = offsets[b + 1] - offsets[b]
                let shorter = min(la, lb)
                let c = shorter == 0 ? 0 : memcmp(all.baseAddress! + offsets[a], all.baseAddress! + offsets[b], shorter)
                return c != 0 ? c < 0 : la < lb
            }
        }
    }

    func string(_ k: Int) -> String {
        String(decoding: bytes[offsets[k]..<offsets[k + 1]], as: UTF8.self)
    }

    private func equals(_ k: Int, _ id: UnsafeRawBufferPointer) -> Bool {
        let length = offsets[k + 1] - offsets[k]
        guard length == id.count else { return false }
        if length == 0 { return true }
        return bytes.withUnsafeBytes { memcmp($0.baseAddress! + offsets[k], id.baseAddress!, length) == 0 }
    }

    private mutating func grow() {
        var larger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = larger.count - 1
        bytes.withUnsafeBytes { all in
            for k in 0..<count {
                let id = UnsafeRawBufferPointer(rebasing: all[offsets[k]..<offsets[k + 1]])
                var slot = Int(truncatingIfNeeded: Self.hash(id)) & mask
                while larger[slot] >= 0 { slot = (slot + 1) & mask }
                larger[slot] = Int32(k)
            }
        }
        slots = larger
    }

    /// FNV-1a, then a final mix so the low bits (the slot) depend on every byte.
    private static func hash(_ id: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }
}
