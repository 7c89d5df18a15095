import Foundation
import Warehouse

/// What commands print on stdout: tables for people, or with
/// `--log-format json` one JSON object per line, so a cron log that
/// collects stdout and stderr holds nothing but JSON lines.
struct CommandOutput {
    let format: LogFormat

    init(_ global: GlobalOptions) {
        format = global.logFormat
    }

    /// The per-file load summary: a table, or a `file` record per file.
    func files(_ results: [FileLoadResult]) {
        switch format {
        case .text: print(LoadSummaryTable.render(results))
        case .json:
            for result in results {
                var record: [String: Any] = [
                    "record": "file", "path": result.path, "feed": result.feed, "status": result.status.rawValue,
                    "read": result.recordsRead, "loaded": result.recordsLoaded, "rejected": result.recordsRejected,
                    "warnings": result.warnings, "seconds": (result.seconds * 1000).rounded() / 1000,
                ]
                if let message = result.message { record["message"] = message }
                if let rejects = result.rejectsFile { record["rejects_file"] = rejects }
                if let changes = result.dryRunChanges {
                    record["dry_run"] = [
                        "tables": Dictionary(uniqueKeysWithValues: changes.tables.map { ($0.table, $0.rows) }),
                        "new_customers": changes.newCustomers, "matched_customers": changes.matchedCustomers,
                    ] as [String: Any]
                }
                line(record)
            }
        }
    }

    /// A one-line statement (`run 12: succeeded`), or the record with its fields.
    func statement(_ text: String, record: [String: Any]) {
        switch format {
        case .text: print(text)
        case .json: line(record.merging(["message": text]) { old, _ in old })
        }
    }

    func line(_ record: [String: Any]) {
        let data = (try? JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        print(String(decoding: data, as: UTF8.self))
    }
}
