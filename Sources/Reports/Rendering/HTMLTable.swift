/// One report table as HTML: human labels in the header, numbers formatted
/// by their column's role, campaign names beside codes, a totals row where
/// the rows add up, heatmap shading on a chosen domain. It scrolls inside
/// its own container on a narrow screen; a long table folds away.
enum HTMLTable {
    /// Tables longer than this start folded.
    static let foldAfterRows = 80

    static func render(_ section: ReportSection, context: ReportContext?) -> String {
        let table = section.table
        let codeColumn = context.flatMap { $0.campaignNames.isEmpty ? nil : table.columnIndex("campaign_code") }
        var header = table.columns.map { "<th scope=\"col\">\(Markup.escape(ColumnLabels.label($0.name)))</th>" }
        if let codeColumn { header.insert("<th scope=\"col\">Campaign name</th>", at: codeColumn + 1) }
        let domain = heatmapDomain(section)
        let roles = roles(table)
        var html = "<div class=\"scroll\"><table>\n<thead><tr>" + header.joined() + "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            var cells = row.enumerated().map {
                cell($0.element, column: $0.offset, of: section, role: roles[$0.offset], domain: domain)
            }
            if let codeColumn {
                let name = row[codeColumn].flatMap { context?.campaignNames[$0] } ?? ""
                cells.insert("<td>\(Markup.escape(name))</td>", at: codeColumn + 1)
            }
            html += "<tr>" + cells.joined() + "</tr>\n"
        }
        if table.rows.isEmpty {
            let text = table.emptyReason.map { "No rows: \($0)" } ?? "No rows"
            html += "<tr><td class=\"empty\" colspan=\"\(header.count)\">\(Markup.escape(text))</td></tr>\n"
        }
        html += "</tbody>\n"
        if section.style == .plain, let sums = TotalsRow.sums(table) {
            var cells = table.columns.indices.map { index -> String in
                if index == 0 { return "<td>Total</td>" }
                guard let sum = sums[index] else { return "<td></td>" }
                return "<td class=\"n\">\(Markup.escape(roles[index].format(sum)))</td>"
            }
            if let codeColumn { cells.insert("<td></td>", at: codeColumn + 1) }
            html += "<tfoot><tr class=\"total\">" + cells.joined() + "</tr></tfoot>\n"
        }
        html += "</table></div>\n"
        guard table.rows.count > foldAfterRows else { return html }
        return "<details class=\"long\"><summary>All \(table.rows.count) rows</summary>\n" + html + "</details>\n"
    }

    static func role(_ column: ReportTable.Column) -> ColumnRole {
        column.kind == .number ? ColumnLabels.entry(column.name).role : .text
    }

    /// Each column's role in this table: a count column holding fractions
    /// (expected purchases, forecast customers) shows two decimals in every row.
    static func roles(_ table: ReportTable) -> [ColumnRole] {
        table.columns.enumerated().map { index, column in
            let role = role(column)
            guard role == .count else { return role }
            let fractional = table.rows.contains { row in
                guard let cell = row[index], let number = PlainDecimal(cell) else { return false }
                return number.fraction.contains { $0 != UInt8(ascii: "0") }
            }
            return fractional ? .decimal(2) : .count
        }
    }

    static func cell(
        _ value: String?, column: Int, of section: ReportSection, role: ColumnRole, domain: (low: Double, high: Double)?
    ) -> String {
        guard let value else { return "<td class=\"null\"></td>" }
        let kind = section.table.columns[column].kind
        guard kind == .number else { return "<td>\(Markup.escape(value))</td>" }
        if let domain, column > 0 {
            let shown = ColumnRole.percent.format(value)
            return "<td class=\"n\"\(shade(value, domain: domain))>\(Markup.escape(shown))</td>"
        }
        return "<td class=\"n\">\(Markup.escape(role.format(value)))</td>"
    }

    /// A heatmap's shading domain: rates from 0 to 1; for cohort retention
    /// (columns m0, m1 …) the range of months ≥ 1, as month 0 is 100 % by definition.
    static func heatmapDomain(_ section: ReportSection) -> (low: Double, high: Double)? {
        guard section.style == .heatmap else { return nil }
        let names = section.table.columns.map(\.name)
        guard names.count > 2, names[1] == "m0" else { return (0, 1) }
        return HeatmapChart.domain(of: section.table.rows, columns: 2..<names.count)
    }

    static func shade(_ text: String, domain: (low: Double, high: Double)) -> String {
        guard let rate = Double(text), rate.isFinite else { return "" }
        let position = HeatmapChart.position(rate, in: domain)
        return " style=\"background: \(HeatmapChart.fill(rate, in: domain))\(position > 0.5 ? "; color: #fff" : "")\""
    }
}
