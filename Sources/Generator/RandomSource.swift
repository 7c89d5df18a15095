/// A fast, seedable generator (xoshiro256**, seeded through SplitMix64 as
/// its authors recommend). Same seed, same stream on every platform, which
/// is what makes generated feeds byte-identical across runs.
public struct RandomSource {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// An independent stream for one concern (products, contacts, ...), so
    /// changing how one file is generated does not reshuffle the others.
    public func derived(_ label: UInt64) -> RandomSource {
        RandomSource(seed: s0 ^ (label &* 0xD1B5_4A32_D192_ED03) ^ s3)
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let x = s1 &* 5
        let result = ((x << 7) | (x >> 57)) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Uniform in [0, 1).
    @inline(__always)
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in 0..<n (Lemire's multiply-shift; the tiny bias is irrelevant here).
    @inline(__always)
    public mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: ((next() >> 32) &* UInt64(n)) >> 32)
    }

    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index drawn with the given relative weights.
    public mutating func weighted(_ cumulative: [Double]) -> Int {
        let x = unit() * cumulative[cumulative.count - 1]
        var low = 0, high = cumulative.count - 1
        while low < high {
            let mid = (low + high) >> 1
            if cumulative[mid] > x { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
