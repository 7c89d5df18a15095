import Foundation

/// Writes a file's rejects and warnings as RFC 4180 CSV beside the run's
/// output (`<name>.rejects.csv`), atomically.
enum RejectFileWriter {
    static let header = ["record_no", "line", "severity", "field", "value", "rule", "reason", "raw_record"]

    static func write(_ log: RejectLog, for inputPath: String, directory: String?) throws -> String {
        let input = URL(fileURLWithPath: inputPath)
        let folder = directory.map { URL(fileURLWithPath: $0) } ?? input.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent(input.lastPathComponent + ".rejects.csv")
        var text = header.joined(separator: ",") + "\r\n"
        for entry in log.entries {
            let fields = [
                String(entry.recordNumber), String(entry.line), entry.severity.rawValue, entry.field ?? "",
                entry.value ?? "", entry.rule, entry.reason, entry.raw,
            ]
            text += fields.map(csvField).joined(separator: ",") + "\r\n"
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
        try Data(text.utf8).write(to: temporary)
        guard rename(temporary.path, target.path) == 0 else {
            throw WarehouseError(.load, "cannot write \(target.path): \(String(cString: strerror(errno)))")
        }
        return target.path
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
