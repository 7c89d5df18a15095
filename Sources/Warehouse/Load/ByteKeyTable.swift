/// A hash table from byte strings to integers, looked up straight from the
/// bytes of the record being read: resolving the keys of millions of order
/// lines through `[String: Int]` spent most of its time building and
/// hashing throwaway Strings. Open addressing with linear probing; the key
/// bytes live in one arena. Insert-only, as the key caches need.
struct ByteKeyTable {
    private struct Slot {
        var hash: UInt64
        var offset: Int32
        var length: Int32
        var value: Int
    }

    private var slots: [Slot?]
    private var arena: [UInt8] = []
    private var mask: Int
    private(set) var count = 0

    init(minimumCapacity: Int = 64) {
        var capacity = 64
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = Array(repeating: nil, count: capacity)
        mask = capacity - 1
    }

    func value(for key: UnsafeRawBufferPointer) -> Int? {
        let hash = Self.hash(key)
        var index = Int(truncatingIfNeeded: hash) & mask
        while let slot = slots[index] {
            if slot.hash == hash && equals(slot, key) { return slot.value }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Stores `value` for `key`, replacing an earlier value.
    mutating func set(_ value: Int, for key: UnsafeRawBufferPointer) {
        let hash = Self.hash(key)
        var index = Int(truncatingIfNeeded: hash) & mask
        while let slot = slots[index] {
            if slot.hash == hash && equals(slot, key) {
                slots[index]!.value = value
                return
            }
            index = (index + 1) & mask
        }
        slots[index] = Slot(hash: hash, offset: Int32(arena.count), length: Int32(key.count), value: value)
        arena.append(contentsOf: key)
        count += 1
        if count * 2 > slots.count { grow() }
    }

    mutating func set(_ value: Int, for key: String) {
        var key = key
        key.withUTF8 { set(value, for: UnsafeRawBufferPointer($0)) }
    }

    func value(for key: String) -> Int? {
        var key = key
        return key.withUTF8 { value(for: UnsafeRawBufferPointer($0)) }
    }

    private func equals(_ slot: Slot, _ key: UnsafeRawBufferPointer) -> Bool {
        guard Int(slot.length) == key.count else { return false }
        // Keys are short (ids, SKUs): compare a word at a time, inline.
        return arena.withUnsafeBytes { stored in
            let offset = Int(slot.offset)
            var index = 0
            while index + 8 <= key.count {
                if stored.loadUnaligned(fromByteOffset: offset + index, as: UInt64.self)
                    != key.loadUnaligned(fromByteOffset: index, as: UInt64.self) { return false }
                index += 8
            }
            while index < key.count {
                if stored[offset + index] != key[index] { return false }
                index += 1
            }
            return true
        }
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: nil, count: old.count * 2)
        mask = slots.count - 1
        for case let slot? in old {
            var index = Int(truncatingIfNeeded: slot.hash) & mask
            while slots[index] != nil { index = (index + 1) & mask }
            slots[index] = slot
        }
    }

    /// Eight bytes at a time, each word mixed in with a multiply-xorshift.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var index = 0
        while index + 8 <= bytes.count {
            hash = mix(hash ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index += 8
        }
        if index < bytes.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < bytes.count {
                tail |= UInt64(bytes[index]) << shift
                shift += 8
                index += 1
            }
            hash = mix(hash ^ tail)
        }
        return mix(hash)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var value = value &* 0xBF58_476D_1CE4_E5B9
        value ^= value >> 31
        value = value &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 29)
    }
}
