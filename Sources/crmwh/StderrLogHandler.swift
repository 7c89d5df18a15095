import Foundation
import Logging

/// Writes log lines to stderr: `text` for people, `json` (one object per
/// line, metadata as fields) for log shippers.
struct StderrLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    let label: String
    let format: LogFormat

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let text: String
        switch format {
        case .text: text = Self.textLine(level: level, message: message.description, metadata: merged)
        case .json: text = Self.jsonLine(level: level, message: message.description, metadata: merged)
        }
        ProgressReporter.clearActiveBarForLogLine()  // else the line would start after the bar's text
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func textLine(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        let prefix = level >= .warning ? "\(level.rawValue): " : ""
        let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\(oneLine("\($0.value)"))" }
        return "crmwh: " + prefix + oneLine(message) + (fields.isEmpty ? "" : "  " + fields.joined(separator: " "))
    }

    /// One log line per event, whatever a file name or message holds: control
    /// characters are escaped (a newline in a name must not forge a line).
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += String(format: "\\x%02X", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func jsonLine(level: Logger.Level, message: String, metadata: Logger.Metadata) -> String {
        var object: [String: Any] = [
            "ts": ISO8601DateFormatter().string(from: Date()),
            "level": level.rawValue,
            "msg": message,
        ]
        for (key, value) in metadata { object[key] = jsonValue(value) }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func jsonValue(_ value: Logger.MetadataValue) -> Any {
        switch value {
        // Numbers stay numbers; nan and inf are not JSON numbers, so they stay text.
        case .string(let text): return Int(text) ?? Double(text).flatMap { $0.isFinite ? $0 as Any : nil } ?? text
        case .stringConvertible(let value): return "\(value)"
        case .array(let values): return values.map(jsonValue)
        case .dictionary(let values): return values.mapValues(jsonValue)
        }
    }
}

extension GlobalOptions {
    /// Bootstraps logging once per process and returns the command's logger.
    func makeLogger() -> Logger {
        LoggingBootstrap.once(format: logFormat, quiet: quiet)
        return Logger(label: "crmwh")
    }
}

enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false
    /// The format chosen, once a command has asked for its logger.
    nonisolated(unsafe) private(set) static var format: LogFormat?

    static func once(format: LogFormat, quiet: Bool) {
        guard !done else { return }
        done = true
        Self.format = format
        LoggingSystem.bootstrap { label in
            var handler = StderrLogHandler(label: label, format: format)
            handler.logLevel = quiet ? .warning : .info
            if ProcessInfo.processInfo.environment["CRMWH_DEBUG"] != nil { handler.logLevel = .debug }
            return handler
        }
    }
}
