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
        var text = ([line(header)] + rows.map(line)).joined(separator: "\n")
        let dryRuns = results.filter { $0.dryRunChanges != nil }
        if !dryRuns.isEmpty {
            text += "\ndry run: nothing was written; a load would have written"
            for result in dryRuns { text += "\n  " + dryRunLine(result) }
        }
        return text
    }

    /// `orders.csv: dw.fact_sales 1,204 rows; dw.dim_customer 12 rows (10 new customers, 2 matched)`.
    static func dryRunLine(_ result: FileLoadResult) -> String {
        guard let changes = result.dryRunChanges else { return "" }
        let name = URL(fileURLWithPath: result.path).lastPathComponent
        guard !changes.tables.isEmpty else { return "\(name): no rows" }
        let tables = changes.tables.map { table -> String in
            var text = "\(table.table) \(table.rows) row\(table.rows == 1 ? "" : "s")"
            if table.table == "dw.dim_customer" {
                text += " (\(changes.newCustomers) new customer\(changes.newCustomers == 1 ? "" : "s"), \(changes.matchedCustomers) matched)"
            }
            return text
        }
        return "\(name): " + tables.joined(separator: "; ")
    }
}
