/// An array of objects, keys in column order. Number columns are written
/// from the server's exact text (never via Double, so 0.1000 stays exact);
/// NaN and infinities, which JSON cannot hold, become null. A document of
/// several sections is an object of such arrays keyed by section title.
public enum JSONRenderer {
    public static func render(_ document: ReportDocument) -> String {
        if document.sections.count == 1 { return render(document.sections[0].table) + "\n" }
        let members = document.sections.map { "  " + string($0.title) + ": " + render($0.table, indent: "  ") }
        return "{\n" + members.joined(separator: ",\n") + "\n}\n"
    }

    public static func render(_ table: ReportTable, indent: String = "") -> String {
        if table.rows.isEmpty { return "[]" }
        let keys = table.columns.map { string($0.name) }
        let objects = table.rows.map { row in
            let members = row.enumerated().map { index, cell in
                keys[index] + ": " + value(cell, kind: table.columns[index].kind)
            }
            return indent + "  {" + members.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n" + indent + "]"
    }

    static func value(_ cell: String?, kind: ReportTable.Kind) -> String {
        guard let cell else { return "null" }
        switch kind {
        case .number: return isJSONNumber(cell) ? cell : "null"
        case .boolean: return cell == "t" || cell == "true" ? "true" : "false"
        case .text: return string(cell)
        }
    }

    /// RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= 48 && $0 <= 57 }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        if bytes.first == UInt8(ascii: "0") {
            bytes = bytes.dropFirst()
        } else if digits() == 0 {
            return false
        }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            if digits() == 0 { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            if digits() == 0 { return false }
        }
        return bytes.isEmpty
    }

    static func string(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
