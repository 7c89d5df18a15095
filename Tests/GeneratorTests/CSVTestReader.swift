import Foundation

/// A minimal RFC 4180 reader for checking generated files (no embedded
/// line breaks are ever generated, so one physical line is one record).
struct CSVFile {
    let header: [String]
    /// Data rows with their physical line number (the header is line 1).
    let rows: [(line: Int, fields: [String])]

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        header = CSVFile.split(String(lines[0]))
        rows = lines.dropFirst().enumerated().map { (line: $0.offset + 2, fields: CSVFile.split(String($0.element))) }
    }

    func column(_ name: String) -> Int {
        guard let i = header.firstIndex(of: name) else { fatalError("no column \(name)") }
        return i
    }

    static func split(_ line: String) -> [String] {
        let bytes = Array(line.utf8)
        guard bytes.contains(0x22) else {
            return bytes.split(separator: 0x2C, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        }
        var fields: [String] = []
        var current: [UInt8] = []
        var quoted = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if quoted {
                if c == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 {
                        current.append(0x22)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == 0x22 {
                quoted = true
            } else if c == 0x2C {
                fields.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(c)
            }
            i += 1
        }
        fields.append(String(decoding: current, as: UTF8.self))
        return fields
    }
}
