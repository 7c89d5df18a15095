/// A hash index from up to three 64-bit words to a dense row number, for grouping
/// hundreds of thousands of summary rows: open addressing with a multiplicative mix
/// is several times faster here than `Dictionary` with its general-purpose hasher.
struct RowKeyIndex {
    private var keys: [(UInt64, UInt64, UInt64)]
    private var slots: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < 2 * expectedCount { capacity <<= 1 }
        keys = Array(repeating: (0, 0, 0), count: capacity)
        slots = Array(repeating: -1, count: capacity)
        mask = capacity - 1
    }

    /// The row number of `key`, and whether it was inserted now (a new distinct row).
    mutating func index(_ a: UInt64, _ b: UInt64 = 0, _ c: UInt64 = 0) -> (index: Int, inserted: Bool) {
        if 2 * (count + 1) > slots.count { grow() }
        var slot = Self.hash(a, b, c) & mask
        while true {
            let found = slots[slot]
            if found < 0 {
                slots[slot] = Int32(count)
                keys[slot] = (a, b, c)
                count += 1
                return (count - 1, true)
            }
            let k = keys[slot]
            if k.0 == a && k.1 == b && k.2 == c { return (Int(found), false) }
            slot = (slot + 1) & mask
        }
    }

    private static func hash(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> Int {
        var h = a &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ (h >> 32) ^ b) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 29) ^ c) &* 0x94D0_49BB_1331_11EB
        return Int(truncatingIfNeeded: h ^ (h >> 32))
    }

    private mutating func grow() {
        let old = zip(keys, slots).filter { $0.1 >= 0 }
        let capacity = slots.count * 2
        keys = Array(repeating: (0, 0, 0), count: capacity)
        slots = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        for (key, value) in old {
            var slot = Self.hash(key.0, key.1, key.2) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = value
            keys[slot] = key
        }
    }
}
