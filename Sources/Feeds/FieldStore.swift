/// The fields of the record being parsed, as spans: into the input buffer when
/// a value is used as written, or into a scratch buffer when it had to be
/// unescaped. Reused for every record, so steady-state parsing allocates nothing.
final class FieldStore {
    /// ≥ 0: offset into the input buffer; < 0: `-(offset + 1)` into scratch.
    @exclusivity(unchecked) private(set) var starts: UnsafeMutablePointer<Int>
    /// Byte length, or -1 for NULL.
    @exclusivity(unchecked) private(set) var lengths: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private(set) var capacity = 64

    @exclusivity(unchecked) private(set) var scratch: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private(set) var scratchCount = 0
    @exclusivity(unchecked) private var scratchCapacity = 4096

    /// Dotted names of JSON fields in document order (spans into `nameBytes`).
    let nameBytes = GrowableBuffer<UInt8>(capacity: 1024)
    /// Start in `nameBytes` and length of each field's name.
    let nameStarts = GrowableBuffer<Int>()
    let nameLengths = GrowableBuffer<Int>()

    init() {
        starts = .allocate(capacity: capacity)
        lengths = .allocate(capacity: capacity)
        scratch = .allocate(capacity: scratchCapacity)
    }

    deinit {
        starts.deallocate()
        lengths.deallocate()
        scratch.deallocate()
    }

    func reset() {
        count = 0
        scratchCount = 0
        nameBytes.truncate(to: 0)
        nameStarts.truncate(to: 0)
        nameLengths.truncate(to: 0)
    }

    /// Used by ``FieldWriter`` when it hands its count back.
    func setCount(_ newCount: Int) {
        count = newCount
    }

    /// Sets every one of `slots` fields to NULL (projected JSON fields start absent).
    func resetSlots(_ slots: Int) {
        reset()
        reserve(slots)
        for index in 0..<slots { lengths[index] = -1; starts[index] = 0 }
        count = slots
    }

    @inline(__always)
    func appendInput(start: Int, length: Int) {
        if count == capacity { reserve(capacity * 2) }
        starts[count] = start
        lengths[count] = length
        count += 1
    }

    /// Overwrites slot `index` (projected JSON fields land in a fixed slot).
    func setInput(_ index: Int, start: Int, length: Int) {
        starts[index] = start
        lengths[index] = length
    }

    @inline(__always)
    func appendToScratch(_ source: UnsafePointer<UInt8>, count length: Int) {
        if scratchCount + length > scratchCapacity { growScratch(scratchCount + length) }
        (scratch + scratchCount).update(from: source, count: length)
        scratchCount += length
    }

    @inline(__always)
    func appendToScratch(_ byte: UInt8) {
        if scratchCount + 1 > scratchCapacity { growScratch(scratchCount + 1) }
        scratch[scratchCount] = byte
        scratchCount += 1
    }

    /// Drops scratch bytes written after `mark` (a key that was only compared).
    func rewindScratch(to mark: Int) {
        scratchCount = mark
    }

    @inline(__always)
    func addName(_ bytes: UnsafePointer<UInt8>, count: Int) {
        nameStarts.append(nameBytes.count)
        nameLengths.append(count)
        nameBytes.append(bytes, count: count)
    }

    /// The name of field `index` (JSON document order), if names were kept.
    func name(_ index: Int) -> String? {
        guard index >= 0 && index < nameStarts.count else { return nil }
        return String(decoding: UnsafeBufferPointer(start: nameBytes.base + nameStarts[index], count: nameLengths[index]), as: UTF8.self)
    }

    /// The bytes of field `index`, given the input buffer base; nil for NULL.
    @inline(__always)
    func bytes(_ index: Int, input: UnsafePointer<UInt8>) -> UnsafeRawBufferPointer? {
        let length = lengths[index]
        if length < 0 { return nil }
        let start = starts[index]
        if start >= 0 { return UnsafeRawBufferPointer(start: input + start, count: length) }
        return UnsafeRawBufferPointer(start: scratch + (-start - 1), count: length)
    }

    func reserve(_ wanted: Int) {
        guard wanted > capacity else { return }
        let newStarts = UnsafeMutablePointer<Int>.allocate(capacity: wanted)
        let newLengths = UnsafeMutablePointer<Int>.allocate(capacity: wanted)
        newStarts.update(from: starts, count: count)
        newLengths.update(from: lengths, count: count)
        starts.deallocate()
        lengths.deallocate()
        starts = newStarts
        lengths = newLengths
        capacity = wanted
    }

    private func growScratch(_ wanted: Int) {
        let newCapacity = max(wanted, scratchCapacity * 2)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: scratch, count: scratchCount)
        scratch.deallocate()
        scratch = grown
        scratchCapacity = newCapacity
    }
}
