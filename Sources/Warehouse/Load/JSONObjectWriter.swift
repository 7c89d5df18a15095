/// Writes flat JSON objects (string keys; string or integer values) as
/// UTF-8, for the jsonb columns of the customer profile. Foundation's
/// JSONEncoder took most of a contact load's time for these small objects.
enum JSONObjectWriter {
    static func append(_ object: [String: String], to buffer: inout [UInt8]) {
        appendObject(object, to: &buffer) { appendString($0, to: &$1) }
    }

    static func append(_ object: [String: Int64], to buffer: inout [UInt8]) {
        appendObject(object, to: &buffer) { $1.append(contentsOf: String($0).utf8) }
    }

    /// Keys in sorted order, so equal objects give equal bytes.
    private static func appendObject<Value>(
        _ object: [String: Value], to buffer: inout [UInt8], value appendValue: (Value, inout [UInt8]) -> Void
    ) {
        buffer.append(UInt8(ascii: "{"))
        for (index, key) in object.keys.sorted().enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            appendString(key, to: &buffer)
            buffer.append(UInt8(ascii: ":"))
            appendValue(object[key]!, &buffer)
        }
        buffer.append(UInt8(ascii: "}"))
    }

    /// A JSON string: `"` and `\` escaped, control characters as \u00XX.
    static func appendString(_ text: String, to buffer: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        buffer.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(byte)
            case 0..<0x20:
                buffer.append(contentsOf: Array("\\u00".utf8))
                buffer.append(hex[Int(byte >> 4)])
                buffer.append(hex[Int(byte & 0xF)])
            default:
                buffer.append(byte)
            }
        }
        buffer.append(UInt8(ascii: "\""))
    }
}
