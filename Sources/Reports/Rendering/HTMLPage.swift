/// The frame of every HTML page: self-contained (inline CSS, no scripts,
/// no external files) so it can be mailed, archived and opened offline;
/// readable from a 420 px phone to print; a header that says what the
/// numbers are.
enum HTMLPage {
    static func render(title: String, context: ReportContext?, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Markup.escape(title))</title>
        <style>
        \(stylesheet)
        </style>
        </head>
        <body>
        <header class="page">
        <h1>\(Markup.escape(title))</h1>
        \(contextLine(context))
        </header>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    /// The facts every page carries, as a definition list.
    static func contextLine(_ context: ReportContext?) -> String {
        guard let context else { return "" }
        let facts: [(String, String)] = [
            ("As of", context.asOf ?? "no data yet"),
            ("Period", context.period),
            ("Currency", context.baseCurrency),
            ("Warehouse run", context.runID.map { "#\($0)" } ?? "not shown"),
            ("Generated", context.generatedAt),
        ]
        return "<dl class=\"context\">" + facts.map {
            "<div><dt>\(Markup.escape($0.0))</dt><dd>\(Markup.escape($0.1))</dd></div>"
        }.joined() + "</dl>"
    }

    static let stylesheet = """
        * { box-sizing: border-box; }
        body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0 auto; padding: 1rem 1.25rem 2rem; max-width: 72rem; color: #222; line-height: 1.4; }
        h1 { font-size: 1.5em; margin: 0.3em 0; overflow-wrap: anywhere; }
        h2 { font-size: 1.15em; margin-top: 2em; overflow-wrap: anywhere; }
        header.page { border-bottom: 1px solid #ddd; padding-bottom: 0.5em; }
        dl.context { display: flex; flex-wrap: wrap; gap: 0.2em 1.4em; margin: 0.4em 0 0; font-size: 0.85em; color: #444; }
        dl.context div { display: flex; gap: 0.4em; }
        dl.context dt { font-weight: 600; }
        dl.context dd { margin: 0; }
        .scroll { overflow-x: auto; max-width: 100%; }
        table { border-collapse: collapse; font-size: 0.85em; }
        th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; }
        th { background: #f0f0f0; text-align: left; vertical-align: bottom; }
        td { white-space: nowrap; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        td.null { color: #999; }
        tr.total td { font-weight: 600; border-top: 2px solid #888; }
        figure.chart { margin: 1em 0 1.5em; max-width: 52rem; }
        svg.chart { display: block; width: 100%; height: auto; }
        svg.chart text { font-size: 11px; fill: #333; }
        svg.chart .chart-title { font-size: 14px; font-weight: 600; fill: #222; }
        svg.chart .axis-title { font-size: 12px; fill: #555; }
        svg.chart .grid { stroke: #e6e6e6; }
        svg.chart .axis { stroke: #666; }
        summary { cursor: pointer; color: #0b5394; font-size: 0.9em; margin: 0.3em 0; }
        p.narrative { max-width: 46rem; }
        p.note { max-width: 46rem; color: #555; font-size: 0.9em; }
        .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: 0.75em; margin: 1em 0; }
        .card { border: 1px solid #ddd; border-radius: 6px; padding: 0.6em 0.8em; }
        .card .label { font-size: 0.8em; color: #555; }
        .card .value { font-size: 1.4em; font-weight: 600; font-variant-numeric: tabular-nums; }
        .card .change { font-size: 0.8em; color: #444; }
        .good { color: #1b7a3a; } .bad { color: #b3261e; }
        @media (max-width: 30rem) { body { padding: 0.6rem; } table { font-size: 0.78em; } }
        @media print { body { max-width: none; padding: 0; } .scroll { overflow: visible; } figure, tr, .card { break-inside: avoid; } summary { display: none; } }
        """
}
