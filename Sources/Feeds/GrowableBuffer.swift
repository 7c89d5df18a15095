/// A reusable array of plain values in raw memory: appends without
/// copy-on-write checks or reference counting, for buffers that are refilled
/// for every record (JSON key paths and field names).
final class GrowableBuffer<Element> {
    @exclusivity(unchecked) private(set) var base: UnsafeMutablePointer<Element>
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    @inline(__always)
    func append(_ value: Element) {
        if count == capacity { grow(count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    @inline(__always)
    func append(_ values: UnsafePointer<Element>, count added: Int) {
        if count + added > capacity { grow(count + added) }
        (base + count).initialize(from: values, count: added)
        count += added
    }

    /// Drops everything after the first `newCount` elements.
    @inline(__always)
    func truncate(to newCount: Int) {
        count = newCount
    }

    subscript(index: Int) -> Element {
        base[index]
    }

    private func grow(_ wanted: Int) {
        let newCapacity = max(wanted, capacity * 2)
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}
