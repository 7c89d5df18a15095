import Warehouse

/// Reads the rows of `COPY … TO STDOUT (format binary)` as the server sends
/// them, one message per row (the first also carries the file header): an
/// int16 field count, then per field an int32 length and the value as its
/// type's send function writes it, big-endian. No text to parse, no
/// escapes, no String per field.
struct BinaryCopyRows {
    let source: String
    private var headerRead = false

    init(source: String) {
        self.source = source
    }

    static let signature: [UInt8] = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]

    /// The fields of one message; nil for the trailer.
    mutating func row(_ message: UnsafeRawBufferPointer, fields: Int) throws -> BinaryCopyFields? {
        var offset = 0
        if !headerRead {
            guard message.count >= 19, message.prefix(11).elementsEqual(Self.signature) else {
                throw WarehouseError(.load, "\(source) did not start with a binary COPY header")
            }
            let extensionLength = Int(Self.int32(message, at: 15))
            offset = 19 + extensionLength
            headerRead = true
        }
        guard message.count >= offset + 2 else { throw WarehouseError(.load, "\(source) sent a truncated row") }
        let count = Int(Int16(bitPattern: UInt16(message[offset]) << 8 | UInt16(message[offset + 1])))
        if count == -1 { return nil }
        guard count == fields else {
            throw WarehouseError(.load, "\(source) returned a row of \(count) fields, not \(fields)")
        }
        return BinaryCopyFields(bytes: message, position: offset + 2, source: source)
    }

    static func int32(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Int32 {
        var value: UInt32 = 0
        for k in 0..<4 { value = value << 8 | UInt32(bytes[offset + k]) }
        return Int32(bitPattern: value)
    }
}

/// The fields of one binary COPY row, read in order.
struct BinaryCopyFields {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let source: String

    /// The next field's bytes (a value that must not be NULL).
    mutating func next() throws -> UnsafeRawBufferPointer {
        guard position + 4 <= bytes.count else { throw truncated() }
        let length = Int(BinaryCopyRows.int32(bytes, at: position))
        position += 4
        guard length >= 0 else { throw WarehouseError(.load, "\(source) returned a NULL where a value belongs") }
        guard position + length <= bytes.count else { throw truncated() }
        defer { position += length }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)])
    }

    /// The next field as an integer of 4 (int4) or 8 (int8) bytes.
    mutating func int() throws -> Int {
        let field = try next()
        var value: UInt64 = 0
        for byte in field { value = value << 8 | UInt64(byte) }
        switch field.count {
        case 4: return Int(Int32(truncatingIfNeeded: value))
        case 8: return Int(Int64(bitPattern: value))
        default: throw WarehouseError(.load, "\(source) returned an integer of \(field.count) bytes")
        }
    }

    private func truncated() -> WarehouseError {
        WarehouseError(.load, "\(source) sent a truncated row")
    }
}
