/// Appends field spans for one record with the store's pointers held in
/// locals, so the per-field work is two stores and an increment. `commit()`
/// hands the count back to the store.
struct FieldWriter {
    private unowned(unsafe) let store: FieldStore
    private var starts: UnsafeMutablePointer<Int>
    private var lengths: UnsafeMutablePointer<Int>
    private var capacity: Int
    private(set) var count = 0

    init(_ store: FieldStore) {
        store.reset()
        self.store = store
        starts = store.starts
        lengths = store.lengths
        capacity = store.capacity
    }

    @inline(__always)
    mutating func append(start: Int, length: Int) {
        if count == capacity { grow() }
        starts[count] = start
        lengths[count] = length
        count &+= 1
    }

    @inline(__always)
    mutating func appendNull() {
        append(start: 0, length: -1)
    }

    /// A field whose bytes were written to the store's scratch from `scratchStart` on.
    @inline(__always)
    mutating func appendScratch(from scratchStart: Int) {
        append(start: -(scratchStart + 1), length: store.scratchCount - scratchStart)
    }

    func commit() {
        store.setCount(count)
    }

    private mutating func grow() {
        store.setCount(count)
        store.reserve(capacity * 2)
        starts = store.starts
        lengths = store.lengths
        capacity = store.capacity
    }
}
