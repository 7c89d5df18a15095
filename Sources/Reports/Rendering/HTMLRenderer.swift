/// A report as one self-contained HTML page: the header with its context,
/// then per section its title, its charts (inline SVG, each with its numbers
/// folded beneath) and its table.
public enum HTMLRenderer {
    public static func render(_ document: ReportDocument, context: ReportContext? = nil) -> String {
        let charts = ReportFigures.charts(
            for: document, currency: context?.baseCurrency ?? "base currency", campaignNames: context?.campaignNames ?? [:])
        var body = ""
        for (index, section) in document.sections.enumerated() {
            if document.sections.count > 1 { body += "<section>\n<h2>\(escape(section.title))</h2>\n" } else { body += "<section>\n" }
            if let note = SectionNotes.note(report: document.name, section: index) {
                body += "<p class=\"note\">\(escape(note))</p>\n"
            }
            for chart in charts[index] ?? [] { body += ChartFigure.html(chart) }
            body += HTMLTable.render(section, context: context)
            body += "</section>\n"
        }
        return HTMLPage.render(title: document.title, context: context, body: body)
    }

    static func escape(_ text: String) -> String { Markup.escape(text) }
}
