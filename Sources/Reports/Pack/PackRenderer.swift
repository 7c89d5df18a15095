/// The management pack as one self-contained HTML page.
public enum PackRenderer {
    public static func render(_ pack: ManagementPack) -> String {
        var body = ""
        if let month = pack.month {
            body += "<section>\n<h2>Headline KPIs, \(Markup.escape(month))</h2>\n"
            body += "<div class=\"cards\">\n" + pack.cards.map { card($0, currency: pack.context.baseCurrency) }.joined()
                + "</div>\n"
            for chart in pack.trends { body += ChartFigure.html(chart) }
            body += "</section>\n"
        }
        for topic in pack.topics {
            body += "<section>\n<h2>\(Markup.escape(topic.title))</h2>\n"
            for sentence in topic.sentences { body += "<p class=\"narrative\">\(Markup.escape(sentence))</p>\n" }
            if topic.sentences.isEmpty && topic.charts.isEmpty { body += "<p class=\"note\">No figures for this period yet.</p>\n" }
            for chart in topic.charts { body += ChartFigure.html(chart) }
            body += "</section>\n"
        }
        return HTMLPage.render(title: ManagementPack.title, context: pack.context, body: body)
    }

    static func card(_ card: KPICard, currency: String) -> String {
        let value = card.role.format(card.value)
        let label = card.role == .money ? "\(card.label) (\(currency))" : card.label
        var html = "<div class=\"card\"><div class=\"label\">\(Markup.escape(label))</div>"
        html += "<div class=\"value\">\(Markup.escape(value))</div>"
        for (base, words) in [(card.previousMonth, "vs previous month"), (card.lastYear, "vs a year earlier")] {
            let change = ChangeText.change(from: base, to: card.value, role: card.role) ?? "n/a"
            let rising = change.hasPrefix("+")
            let falling = change.hasPrefix("\u{2212}")
            let direction = rising || falling ? (rising == card.higherIsBetter ? " good" : " bad") : ""
            html += "<div class=\"change\"><span class=\"delta\(direction)\">\(Markup.escape(change))</span> \(words)</div>"
        }
        return html + "</div>\n"
    }
}
