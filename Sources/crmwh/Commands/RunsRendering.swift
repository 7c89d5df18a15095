import Foundation
import Warehouse

/// The tables `crmwh runs` and `crmwh runs show` print.
enum RunsRendering {
    static func list(_ runs: [RunSummary]) -> String {
        if runs.isEmpty { return "no runs recorded yet\n" }
        var table = TextTable([
            ("RUN", .right), ("COMMAND", .left), ("STATUS", .left), ("STARTED (UTC)", .left), ("DURATION", .right),
            ("FILES L/S/R/F", .right), ("READ", .right), ("LOADED", .right), ("REJECTED", .right), ("WARNINGS", .right),
        ])
        for run in runs {
            table.append([
                "\(run.runID)", run.command, statusText(run), startedText(run.startedAt), DurationText.format(run.seconds),
                "\(run.filesLoaded)/\(run.filesSkipped)/\(run.filesRefused)/\(run.filesFailed)", "\(run.recordsRead)", "\(run.recordsLoaded)", "\(run.recordsRejected)", "\(run.warnings)",
            ])
        }
        return table.render() + "FILES: loaded/skipped/refused/failed; READ..WARNINGS count records. Details: crmwh runs show RUN\n"
    }

    static func detail(_ detail: RunDetail) -> String {
        let run = detail.run
        var text = "run \(run.runID): \(run.command) — \(statusText(run))\n"
        text += "  started   \(startedText(run.startedAt)) UTC"
        text += run.finishedAt.map { ", finished \(startedText($0)) UTC" } ?? ", not finished"
        text += ", \(DurationText.format(run.seconds))\n"
        if let host = run.host { text += "  host      \(host), crmwh \(run.version ?? "?")\n" }
        text += "  files     \(run.filesLoaded) loaded, \(run.filesSkipped) skipped, \(run.filesRefused) refused, \(run.filesFailed) failed\n"
        text += "  records   \(run.recordsRead) read, \(run.recordsLoaded) loaded, \(run.recordsRejected) rejected, \(run.warnings) with warnings\n"
        if let message = run.message { text += "  message   \(message)\n" }
        text += "\nsteps\n"
        if detail.steps.isEmpty {
            text += "  (none recorded)\n"
        } else {
            var steps = TextTable([("STEP", .left), ("DURATION", .right), ("DETAILS", .left)])
            for step in detail.steps {
                let details = step.details.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                steps.append([step.name, DurationText.format(step.seconds), details])
            }
            text += steps.render(indent: "  ")
        }
        text += "\nfiles\n"
        if detail.files.isEmpty { text += "  (none recorded)\n" }
        for file in detail.files { text += self.file(file) }
        return text
    }

    static func file(_ file: RunFile) -> String {
        var text = "  \(file.path)\n"
        text += "    feed \(file.feed) (\(file.kind)), \(file.status), \(file.recordsRead) read, \(file.recordsLoaded) loaded, "
        text += "\(file.recordsRejected) rejected, \(file.warnings) warnings, \(DurationText.format(file.seconds))\n"
        if let message = file.message { text += "    \(message)\n" }
        guard !file.topRejects.isEmpty else { return text }
        var table = TextTable([
            ("COUNT", .right), ("SEVERITY", .left), ("RULE", .left), ("FIELD", .left), ("LINE", .right),
            ("EXAMPLE VALUE", .left), ("FIRST REASON", .left),
        ])
        for reason in file.topRejects {
            table.append([
                "\(reason.count)", reason.severity, reason.rule, reason.field ?? "-", "\(reason.exampleLine)",
                clipped(reason.exampleValue.map { $0.isEmpty ? "(empty)" : $0 } ?? "-", 24), clipped(reason.exampleReason, 60),
            ])
        }
        text += table.render(indent: "    ")
        let hidden = file.rejectReasonGroups - file.topRejects.count
        if hidden > 0 {
            text += "    … \(hidden) more reason\(hidden == 1 ? "" : "s") (\(file.recordsInReasonsNotShown) records) not shown; "
            text += "--reasons \(file.rejectReasonGroups) lists them all\n"
        }
        return text
    }

    static func statusText(_ run: RunSummary) -> String {
        run.isAbandoned ? "running (abandoned: no live session)" : run.status
    }

    /// `2026-11-22T02:00:03Z` → `2026-11-22 02:00:03`.
    static func startedText(_ iso: String) -> String {
        iso.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: "")
    }

    /// One line, at most `limit` characters: raw values may hold anything.
    static func clipped(_ text: String, _ limit: Int) -> String {
        let line = text.replacingOccurrences(of: "\n", with: "⏎").replacingOccurrences(of: "\t", with: " ")
        return line.count <= limit ? line : String(line.prefix(limit - 1)) + "…"
    }
}
