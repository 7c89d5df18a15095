/// Aligned columns for a terminal: numbers right-aligned and shown for
/// reading, text left-aligned, NULL as an empty cell.
public enum TableRenderer {
    public static func render(_ document: ReportDocument) -> String {
        let many = document.sections.count > 1
        return document.sections.map { section in
            (many ? section.title + "\n\n" : "") + render(section)
        }.joined(separator: "\n")
    }

    /// Numbers are shown for reading (`ReadableNumber`): money to the cent,
    /// rates as percentages, counts grouped by thousands.
    public static func render(_ section: ReportSection) -> String {
        let table = section.table
        let header = table.columns.map(\.name)
        let cells = table.rows.map { row in
            row.enumerated().map { index, cell in
                flattened(cell.map { ReadableNumber.cell($0, column: index, of: section) } ?? "")
            }
        }
        var widths = header.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { index, value in
                let padding = String(repeating: " ", count: widths[index] - value.count)
                return table.columns[index].kind == .number ? padding + value : value + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += cells.map(line)
        if table.rows.isEmpty { lines.append(table.emptyReason.map { "(no rows: \($0))" } ?? "(no rows)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Line breaks and tabs as spaces, so a cell stays on its row.
func flattened(_ cell: String) -> String {
    guard cell.contains(where: { $0.isNewline || $0 == "\t" }) else { return cell }
    return String(cell.map { $0.isNewline || $0 == "\t" ? " " : $0 })
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
