/// The output formats of `crmwh report`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case table, csv, json, html

    /// Renders a document in this format.
    public func render(_ document: ReportDocument) -> String {
        switch self {
        case .table: return TableRenderer.render(document)
        case .csv: return CSVRenderer.render(document)
        case .json: return JSONRenderer.render(document)
        case .html: return HTMLRenderer.render(document)
        }
    }

    /// Renders a document; HTML pages carry `context` in their header. CSV,
    /// JSON and table output do not change with it.
    public func render(_ document: ReportDocument, context: ReportContext?) -> String {
        self == .html ? HTMLRenderer.render(document, context: context) : render(document)
    }
}
