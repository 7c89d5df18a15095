/// A chart on a page: the SVG, then its numbers in a folded table.
public enum ChartFigure {
    public static func html(_ chart: any Chart) -> String {
        let table = chart.dataTable()
        var html = "<figure class=\"chart\">\n" + chart.svg()
        html += "<details><summary>Numbers: \(Markup.escape(chart.info.title))</summary>\n"
        html += "<div class=\"scroll\"><table>\n<thead><tr>"
        html += table.columns.map { "<th scope=\"col\">\(Markup.escape($0.name))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                let numeric = table.columns[index].kind == .number
                html += "<td\(numeric ? " class=\"n\"" : "")>\(Markup.escape(cell ?? ""))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table></div>\n</details>\n</figure>\n"
    }
}
