/// The dotted paths a JSON feed mapping selects, as a tree of object keys, so
/// the parser matches each key against a handful of candidates at its depth
/// and skips unselected subtrees without building any names.
final class JSONPathTrie {
    private var keys: [[UInt8]] = [[]]
    private var children: [[Int]] = [[]]
    /// The selected column index a node stands for, or -1.
    private(set) var slots: [Int] = [-1]
    static let root = 0

    /// `paths[i]` becomes slot `i`. `customer.email` matches the key `email`
    /// inside the object `customer`, and also a top-level key spelled
    /// `customer.email`, as some exporters flatten that way.
    init(paths: [String]) {
        for (slot, path) in paths.enumerated() {
            insert(path.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }, slot: slot)
            if path.contains(".") { insert([Array(path.utf8)], slot: slot) }
        }
    }

    private func insert(_ segments: [[UInt8]], slot: Int) {
        var node = Self.root
        for segment in segments {
            if let existing = children[node].first(where: { keys[$0] == segment }) {
                node = existing
            } else {
                keys.append(segment)
                children.append([])
                slots.append(-1)
                children[node].append(keys.count - 1)
                node = keys.count - 1
            }
        }
        if slots[node] < 0 { slots[node] = slot }
    }

    /// The child of `node` whose key equals the given bytes, or -1.
    @inline(__always)
    func child(of node: Int, key: UnsafePointer<UInt8>, count: Int) -> Int {
        for candidate in children[node] {
            let candidateKey = keys[candidate]
            if count == 0 {
                if candidateKey.isEmpty { return candidate }
                continue
            }
            if candidateKey.count == count
                && candidateKey.withUnsafeBufferPointer({ memcmp($0.baseAddress!, key, count) == 0 }) {
                return candidate
            }
        }
        return -1
    }

    func hasChildren(_ node: Int) -> Bool {
        !children[node].isEmpty
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
