/// Records as JSON text, the way `crmwh inspect` shows them.
extension FeedRecord {
    /// Appends `{"line": N, "fields": …}`: an object of name → value when the
    /// fields have names, else an array; NULL is `null`, values are strings.
    public func appendJSON(to out: inout [UInt8]) {
        out.append(contentsOf: #"{"line": "#.utf8)
        out.append(contentsOf: String(line).utf8)
        out.append(contentsOf: #", "fields": "#.utf8)
        let named = hasFieldNames
        out.append(named ? UInt8(ascii: "{") : UInt8(ascii: "["))
        for index in 0..<count {
            if index > 0 { out.append(contentsOf: ", ".utf8) }
            if named {
                JSONText.appendString(Array((name(at: index) ?? "").utf8), to: &out)
                out.append(contentsOf: ": ".utf8)
            }
            if let bytes = bytes(at: index) {
                JSONText.appendString(bytes, to: &out)
            } else {
                out.append(contentsOf: "null".utf8)
            }
        }
        out.append(named ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        out.append(UInt8(ascii: "}"))
    }
}

/// JSON string quoting (RFC 8259 §7) for bytes that are already UTF-8.
public enum JSONText {
    public static func appendString<Bytes: Sequence>(_ bytes: Bytes, to out: inout [UInt8]) where Bytes.Element == UInt8 {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 10: out.append(contentsOf: [92, UInt8(ascii: "n")])
            case 13: out.append(contentsOf: [92, UInt8(ascii: "r")])
            case 9: out.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `text` as a JSON string literal.
    public static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendString(text.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
