#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses one JSON object (RFC 8259) out of the input window into the field
/// store, flattening nested objects into dotted paths. Values are kept as
/// written where possible: numbers are their exact text (`19.99` stays
/// `19.99`, no Double on the way), `true`/`false` their literal text, strings
/// are unescaped (all escapes, surrogate pairs joined) into scratch only when
/// they contain a backslash. Arrays are kept as their JSON text. `null` is NULL.
final class JSONObjectParser {
    struct SyntaxError: Error {
        var offset: Int
        var message: String
    }

    let store: FieldStore
    /// Selected paths; nil means every leaf, in document order, with its name.
    /// Whether paths are selected (a mapping) rather than all kept with names.
    private let selecting: Bool
    /// The selected paths (empty when not selecting), and raw views of its
    /// tables so lookups in the hot path touch no reference counts.
    private let trie: JSONPathTrie
    private let slots: UnsafeMutablePointer<Int>
    private let slotCount: Int
    @exclusivity(unchecked) var buffer: UnsafePointer<UInt8> = UnsafePointer(bitPattern: 8)!
    @exclusivity(unchecked) var p = 0
    @exclusivity(unchecked) var end = 0
    /// Document mode: the dotted path of the object being parsed.
    private let path = GrowableBuffer<UInt8>(capacity: 1024)
    static let maxDepth = 512

    init(store: FieldStore, selectedPaths: [String]?) {
        self.store = store
        selecting = selectedPaths != nil
        trie = JSONPathTrie(paths: selectedPaths ?? [])
        slots = trie.slots
        slotCount = selectedPaths?.count ?? 0
    }

    /// Parses the object at `buffer[start..<end]`, which must hold exactly one
    /// object and optional surrounding whitespace.
    func parseRecord(_ buffer: UnsafePointer<UInt8>, start: Int, end: Int) throws {
        self.buffer = buffer
        self.end = end
        p = start
        if selecting { store.resetSlots(slotCount) } else { store.reset() }
        path.truncate(to: 0)
        skipWhitespace()
        guard p < end, buffer[p] == UInt8(ascii: "{") else {
            throw SyntaxError(offset: p, message: p < end ? "expected a JSON object, found \(found())" : "expected a JSON object, found nothing")
        }
        try parseObject(depth: 1, node: selecting ? JSONPathTrie.root : 0)
        skipWhitespace()
        if p < end { throw SyntaxError(offset: p, message: "unexpected \(found()) after the object") }
    }

    @inline(__always)
    private func skipWhitespace() {
        while p < end {
            let byte = buffer[p]
            if byte == 32 || byte == 10 || byte == 13 || byte == 9 { p += 1 } else { return }
        }
    }

    private func found() -> String {
        guard p < end else { return "end of input" }
        let byte = buffer[p]
        return byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : UTF8Validation.hexByte(byte)
    }

    private func expect(_ byte: UInt8, _ what: String) throws {
        skipWhitespace()
        guard p < end, buffer[p] == byte else { throw SyntaxError(offset: p, message: "expected \(what), found \(found())") }
        p += 1
    }

    /// `node`: in document mode 0 = record leaves, -1 = only validate (inside
    /// arrays); with a trie, the trie node of this object or -1.
    private func parseObject(depth: Int, node: Int) throws {
        if depth > Self.maxDepth { throw SyntaxError(offset: p, message: "nesting deeper than \(Self.maxDepth) levels") }
        p += 1  // {
        skipWhitespace()
        if p < end && buffer[p] == UInt8(ascii: "}") { p += 1; return }
        while true {
            skipWhitespace()
            guard p < end, buffer[p] == UInt8(ascii: "\"") else {
                throw SyntaxError(offset: p, message: "expected a quoted key, found \(found())")
            }
            var child = -1
            var pathMark = 0
            if selecting {
                if node >= 0 {
                    child = try withKey { trie.child(of: node, key: $0, count: $1) }
                } else {
                    _ = try parseString(keep: false)
                }
            } else if node >= 0 {
                pathMark = path.count
                try withKey { key, count in
                    if pathMark > 0 { path.append(UInt8(ascii: ".")) }
                    path.append(key, count: count)
                }
                child = 0
            } else {
                _ = try parseString(keep: false)
            }
            try expect(UInt8(ascii: ":"), "':' after the key")
            skipWhitespace()
            try parseValue(depth: depth, node: child)
            if !selecting && node >= 0 { path.truncate(to: pathMark) }
            skipWhitespace()
            guard p < end else { throw SyntaxError(offset: p, message: "object not closed: expected ',' or '}', found end of input") }
            let byte = buffer[p]
            p += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { return }
            p -= 1
            throw SyntaxError(offset: p, message: "expected ',' or '}' after a value, found \(found())")
        }
    }

    private func parseValue(depth: Int, node: Int) throws {
        guard p < end else { throw SyntaxError(offset: p, message: "expected a value, found end of input") }
        let start = p
        let byte = buffer[p]
        switch byte {
        case UInt8(ascii: "{"):
            try parseObject(depth: depth + 1, node: node)
            // A selected path that names a whole object gets its JSON text.
            if selecting, node >= 0, slots[node] >= 0 { store.setInput(slots[node], start: start, length: p - start) }
            return
        case UInt8(ascii: "["):
            try parseArray(depth: depth + 1)
            record(node: node, start: start, length: p - start)
        case UInt8(ascii: "\""):
            let wanted = selecting ? (node >= 0 && slots[node] >= 0) : node >= 0
            let value = try parseString(keep: wanted)
            if wanted { record(node: node, start: value.start, length: value.length) }
        case UInt8(ascii: "t"):
            try literal("true")
            record(node: node, start: start, length: 4)
        case UInt8(ascii: "f"):
            try literal("false")
            record(node: node, start: start, length: 5)
        case UInt8(ascii: "n"):
            try literal("null")
            record(node: node, start: 0, length: -1)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try parseNumber()
            record(node: node, start: start, length: p - start)
        default:
            throw SyntaxError(offset: p, message: "expected a value, found \(found())")
        }
    }

    /// Stores a leaf. `start` follows the field store's encoding (negative:
    /// scratch); length -1 is NULL.
    @inline(__always)
    private func record(node: Int, start: Int, length: Int) {
        guard node >= 0 else { return }
        if selecting {
            let slot = slots[node]
            if slot >= 0 { store.setInput(slot, start: start, length: length) }
        } else {
            store.appendInput(start: start, length: length)
            store.addName(path.base, count: path.count)
        }
    }

    private func parseArray(depth: Int) throws {
        if depth > Self.maxDepth { throw SyntaxError(offset: p, message: "nesting deeper than \(Self.maxDepth) levels") }
        p += 1  // [
        skipWhitespace()
        if p < end && buffer[p] == UInt8(ascii: "]") { p += 1; return }
        while true {
            skipWhitespace()
            try parseValue(depth: depth, node: -1)
            skipWhitespace()
            guard p < end else { throw SyntaxError(offset: p, message: "array not closed: expected ',' or ']', found end of input") }
            let byte = buffer[p]
            p += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "]") { return }
            p -= 1
            throw SyntaxError(offset: p, message: "expected ',' or ']' in an array, found \(found())")
        }
    }

    private func literal(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        let expected = word.utf8Start
        guard p + count <= end, memcmp(buffer + p, expected, count) == 0 else {
            throw SyntaxError(offset: p, message: "invalid literal (expected \(word))")
        }
        p += count
    }

    /// JSON number grammar; the value is its text, never converted.
    private func parseNumber() throws {
        let start = p
        if buffer[p] == UInt8(ascii: "-") { p += 1 }
        guard p < end, isDigit(buffer[p]) else { throw SyntaxError(offset: start, message: "invalid number: a digit must follow '-'") }
        if buffer[p] == UInt8(ascii: "0") {
            p += 1
            if p < end && isDigit(buffer[p]) { throw SyntaxError(offset: start, message: "invalid number: leading zero") }
        } else {
            while p < end && isDigit(buffer[p]) { p += 1 }
        }
        if p < end && buffer[p] == UInt8(ascii: ".") {
            p += 1
            guard p < end, isDigit(buffer[p]) else { throw SyntaxError(offset: p, message: "invalid number: a digit must follow '.'") }
            while p < end && isDigit(buffer[p]) { p += 1 }
        }
        if p < end && (buffer[p] == UInt8(ascii: "e") || buffer[p] == UInt8(ascii: "E")) {
            p += 1
            if p < end && (buffer[p] == UInt8(ascii: "+") || buffer[p] == UInt8(ascii: "-")) { p += 1 }
            guard p < end, isDigit(buffer[p]) else { throw SyntaxError(offset: p, message: "invalid number: exponent without digits") }
            while p < end && isDigit(buffer[p]) { p += 1 }
        }
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Calls `body` with a key's unescaped bytes, which are valid only during the call.
    private func withKey<Result>(_ body: (UnsafePointer<UInt8>, Int) -> Result) throws -> Result {
        let mark = store.scratchCount
        let value = try parseString(keep: true)
        if value.start >= 0 { return body(buffer + value.start, value.length) }
        defer { store.rewindScratch(to: mark) }
        return body(store.scratch + mark, value.length)
    }
}
