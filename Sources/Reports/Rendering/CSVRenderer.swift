/// RFC 4180: CRLF line ends, a header row, fields with a comma, quote, CR or
/// LF quoted and inner quotes doubled; NULL as an empty field. A document
/// of several sections puts a blank line and the section title before each.
public enum CSVRenderer {
    public static func render(_ document: ReportDocument) -> String {
        if document.sections.count == 1 { return render(document.sections[0].table) }
        return document.sections.map { "# " + $0.title + "\r\n" + render($0.table) }.joined(separator: "\r\n")
    }

    public static func render(_ table: ReportTable) -> String {
        var text = table.columns.map { field($0.name) }.joined(separator: ",") + "\r\n"
        for row in table.rows {
            text += row.map { field($0 ?? "") }.joined(separator: ",") + "\r\n"
        }
        return text
    }

    static func field(_ value: String) -> String {
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
