/// A self-contained HTML page: inline CSS, no scripts, no external files,
/// so it can be mailed or opened anywhere. One table per section; a
/// heatmap section shades its rate cells from white to blue.
public enum HTMLRenderer {
    public static func render(_ document: ReportDocument) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(escape(document.title))</title>
            <style>
            body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em; color: #222; }
            h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
            table { border-collapse: collapse; font-size: 0.85em; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
            th { background: #f0f0f0; text-align: left; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            td.null { color: #999; }
            </style>
            </head>
            <body>
            <h1>\(escape(document.title))</h1>

            """
        for section in document.sections {
            if document.sections.count > 1 { html += "<h2>\(escape(section.title))</h2>\n" }
            html += table(section)
        }
        return html + "</body>\n</html>\n"
    }

    static func table(_ section: ReportSection) -> String {
        let table = section.table
        var html = "<table>\n<tr>" + table.columns.map { "<th>\(escape($0.name))</th>" }.joined() + "</tr>\n"
        for row in table.rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                guard let cell else {
                    html += "<td class=\"null\"></td>"
                    continue
                }
                let numeric = table.columns[index].kind == .number
                let shade = section.style == .heatmap && numeric && index > 0 ? heat(cell) : ""
                let shown = ReadableNumber.cell(cell, column: index, of: section)
                html += "<td\(numeric ? " class=\"n\"" : "")\(shade)>\(escape(shown))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// A background for a rate between 0 and 1.
    static func heat(_ text: String) -> String {
        guard let rate = Double(text) else { return "" }
        let clamped = min(max(rate, 0), 1)
        let lightness = Int((97 - clamped * 55).rounded())
        return " style=\"background: hsl(212, 70%, \(lightness)%)\(clamped > 0.5 ? "; color: #fff" : "")\""
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
