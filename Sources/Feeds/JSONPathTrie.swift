/// The dotted paths a JSON feed mapping selects, as a tree of object keys, so
/// the parser matches each key against a handful of candidates at its depth
/// and skips unselected subtrees without building any names. Stored flat in
/// raw memory: a lookup touches no reference-counted storage.
final class JSONPathTrie {
    static let root = 0
    /// The selected column index each node stands for, or -1.
    let slots: UnsafeMutablePointer<Int>
    private let firstEdge: UnsafeMutablePointer<Int>
    private let edgeCount: UnsafeMutablePointer<Int>
    private let edgeKeyStart: UnsafeMutablePointer<Int>
    private let edgeKeyLength: UnsafeMutablePointer<Int>
    private let edgeChild: UnsafeMutablePointer<Int>
    private let keyBytes: UnsafeMutablePointer<UInt8>

    /// `paths[i]` becomes slot `i`. `customer.email` matches the key `email`
    /// inside the object `customer`, and also a top-level key spelled
    /// `customer.email`, as some exporters flatten that way.
    init(paths: [String]) {
        var keys: [[UInt8]] = [[]]
        var children: [[Int]] = [[]]
        var nodeSlots: [Int] = [-1]
        func insert(_ segments: [[UInt8]], slot: Int) {
            var node = Self.root
            for segment in segments {
                if let existing = children[node].first(where: { keys[$0] == segment }) {
                    node = existing
                } else {
                    keys.append(segment)
                    children.append([])
                    nodeSlots.append(-1)
                    children[node].append(keys.count - 1)
                    node = keys.count - 1
                }
            }
            if nodeSlots[node] < 0 { nodeSlots[node] = slot }
        }
        for (slot, path) in paths.enumerated() {
            insert(path.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }, slot: slot)
            if path.contains(".") { insert([Array(path.utf8)], slot: slot) }
        }
        let nodeCount = keys.count
        slots = .allocate(capacity: nodeCount)
        slots.initialize(from: nodeSlots, count: nodeCount)
        firstEdge = .allocate(capacity: nodeCount)
        edgeCount = .allocate(capacity: nodeCount)
        edgeKeyStart = .allocate(capacity: nodeCount)
        edgeKeyLength = .allocate(capacity: nodeCount)
        edgeChild = .allocate(capacity: nodeCount)
        let flatKeys = keys.flatMap { $0 }
        keyBytes = .allocate(capacity: max(flatKeys.count, 1))
        keyBytes.initialize(from: flatKeys, count: flatKeys.count)
        var keyOffsets: [Int] = []
        var offset = 0
        for key in keys {
            keyOffsets.append(offset)
            offset += key.count
        }
        var edge = 0
        for node in 0..<nodeCount {
            firstEdge[node] = edge
            edgeCount[node] = children[node].count
            for child in children[node] {
                edgeKeyStart[edge] = keyOffsets[child]
                edgeKeyLength[edge] = keys[child].count
                edgeChild[edge] = child
                edge += 1
            }
        }
    }

    deinit {
        slots.deallocate()
        firstEdge.deallocate()
        edgeCount.deallocate()
        edgeKeyStart.deallocate()
        edgeKeyLength.deallocate()
        edgeChild.deallocate()
        keyBytes.deallocate()
    }

    /// Byte equality for short keys without a call into libc.
    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var index = 0
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        while index &+ 8 <= count {
            if rawA.loadUnaligned(fromByteOffset: index, as: UInt64.self) != rawB.loadUnaligned(fromByteOffset: index, as: UInt64.self) {
                return false
            }
            index &+= 8
        }
        while index < count {
            if a[index] != b[index] { return false }
            index &+= 1
        }
        return true
    }

    /// The child of `node` whose key equals the given bytes, or -1.
    @inline(__always)
    func child(of node: Int, key: UnsafePointer<UInt8>, count: Int) -> Int {
        let first = firstEdge[node]
        let last = first + edgeCount[node]
        var edge = first
        while edge < last {
            if edgeKeyLength[edge] == count {
                let candidate = keyBytes + edgeKeyStart[edge]
                if Self.equal(candidate, key, count) {
                    return edgeChild[edge]
                }
            }
            edge += 1
        }
        return -1
    }
}
