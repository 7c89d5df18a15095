/// The data dictionary as one self-contained HTML page (no scripts, no
/// external files): a contents list per schema, each table and view with
/// links to what it is derived from and references, then the functions.
public enum DataDictionaryHTML {
    public static func render(_ dictionary: DataDictionary) -> String {
        let known = Set(dictionary.relations.map(\.qualifiedName))
        var body = "<h1>crmwh data dictionary</h1>\n<p class=\"meta\">Generated \(e(dictionary.generatedAt))"
        if let version = dictionary.schemaVersion { body += " · schema migration \(e(version))" }
        body += " · descriptions from the database's comments; “derived from” lists what a view's query reads, "
        body += "or what the functions that write a table read.</p>\n<nav>\n"
        for schema in DataDictionary.schemas {
            let relations = dictionary.relations.filter { $0.schema == schema }
            guard !relations.isEmpty else { continue }
            body += "<h2>\(e(schema))</h2><ul>"
            for relation in relations {
                body += "<li>\(link(relation.qualifiedName)) <span class=\"kind\">\(e(relation.kind.rawValue))</span></li>"
            }
            body += "</ul>\n"
        }
        body += "</nav>\n<main>\n"
        for schema in DataDictionary.schemas {
            for relation in dictionary.relations where relation.schema == schema {
                body += section(relation, known: known)
            }
            let functions = dictionary.functions.filter { $0.schema == schema }
            guard !functions.isEmpty else { continue }
            body += "<section id=\"functions-\(e(schema))\"><h2>Functions in \(e(schema))</h2>\n"
            body += table(
                ["function", "arguments", "returns", "description"],
                functions.map { ["<code>\(e($0.name))</code>", e($0.arguments), e($0.result), e($0.comment ?? "")] })
            body += "</section>\n"
        }
        body += "</main>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>crmwh data dictionary</title>
            <style>\(style)</style></head>
            <body>
            \(body)</body></html>

            """
    }

    private static func section(_ relation: DataDictionary.Relation, known: Set<String>) -> String {
        var out = "<section id=\"\(e(relation.qualifiedName))\"><h3>\(e(relation.qualifiedName)) "
        out += "<span class=\"kind\">\(e(relation.kind.rawValue))</span></h3>\n"
        out += "<p>\(e(relation.comment ?? "(no description)"))</p>\n"
        let facts = DataDictionaryFacts.lines(relation)
        if !facts.isEmpty {
            out += "<dl>"
            for fact in facts {
                let text: String
                if let target = fact.target, known.contains(target) {
                    text = e(fact.text).replacingOccurrences(of: "→ \(e(target))", with: "→ \(link(target))")
                } else if !fact.listed.isEmpty {
                    text = fact.listed.map { known.contains($0) ? link($0) : e($0) }.joined(separator: ", ")
                } else {
                    text = e(fact.text)
                }
                out += "<dt>\(e(fact.label))</dt><dd>\(text)</dd>"
            }
            out += "</dl>\n"
        }
        out += table(
            ["column", "type", "null", "default", "description"],
            relation.columns.map {
                ["<code>\(e($0.name))</code>", e($0.type), $0.nullable ? "yes" : "no", e($0.defaultValue ?? ""), e($0.comment ?? "")]
            })
        return out + "</section>\n"
    }

    private static func table(_ header: [String], _ rows: [[String]]) -> String {
        var out = "<div class=\"scroll\"><table><thead><tr>"
        out += header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in rows { out += "<tr>" + row.map { "<td>\($0)</td>" }.joined() + "</tr>\n" }
        return out + "</tbody></table></div>\n"
    }

    private static func link(_ name: String) -> String { "<a href=\"#\(e(name))\">\(e(name))</a>" }

    private static func e(_ text: String) -> String { HTMLRenderer.escape(text) }

    private static let style = """
        body{font-family:system-ui,sans-serif;margin:1rem auto;max-width:70rem;padding:0 1rem;color:#222;line-height:1.4}\
        h1{font-size:1.6rem}h3{margin-top:2rem;border-top:1px solid #ddd;padding-top:1rem}\
        .meta{color:#555}.kind{color:#666;font-weight:normal;font-size:.85em}\
        nav ul{columns:18rem;padding-left:1.2rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}\
        dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}.scroll{overflow-x:auto}\
        table{border-collapse:collapse;font-size:.9rem}th,td{border-bottom:1px solid #e3e3e3;padding:.25rem .5rem;\
        text-align:left;vertical-align:top}code{font-size:.95em}\
        @media print{nav{display:none}.scroll{overflow:visible}}
        """
}
