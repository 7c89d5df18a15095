import Foundation

/// The per-file summary `crmwh load` and `crmwh run` print.
public enum LoadSummaryTable {
    public static func render(_ results: [FileLoadResult]) -> String {
        let header = ["file", "feed", "status", "read", "loaded", "rejected", "warnings", "seconds", "rows/s"]
        let rows = results.map { r in
            [
                URL(fileURLWithPath: r.path).lastPathComponent, r.feed, r.status.rawValue, String(r.recordsRead),
                String(r.recordsLoaded), String(r.recordsRejected), String(r.warnings),
                String(format: "%.2f", r.seconds), String(format: "%.0f", r.rowsPerSecond),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return index < 3 ? cell + pad : pad + cell  // numbers right-aligned
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
