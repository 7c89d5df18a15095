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
}
