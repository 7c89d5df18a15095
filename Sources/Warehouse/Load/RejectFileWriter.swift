import Foundation

/// The rejects file's format: RFC 4180 CSV, one line per reject or warning.
/// `RejectLog` streams it into an `ExclusiveFile` (mode 0600, renamed into
/// place as `<name>.rejects.csv` once the file's load has an outcome).
enum RejectFileWriter {
    static let header = ["record_no", "line", "severity", "field", "value", "rule", "reason", "raw_record"]

    /// Where the rejects of `inputPath` go: beside it, or in `directory`.
    static func target(for inputPath: String, directory: String?) -> URL {
        let input = URL(fileURLWithPath: inputPath)
        let folder = directory.map { URL(fileURLWithPath: $0) } ?? input.deletingLastPathComponent()
        return folder.appendingPathComponent(input.lastPathComponent + ".rejects.csv")
    }

    static func line(_ entry: RejectedRecord) -> String {
        let fields = [
            String(entry.recordNumber), String(entry.line), entry.severity.rawValue, entry.field ?? "",
            entry.value ?? "", entry.rule, entry.reason, entry.raw,
        ]
        return fields.map(csvField).joined(separator: ",") + "\r\n"
    }

    static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
