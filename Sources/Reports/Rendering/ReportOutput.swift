import PostgresClient

/// A report, or the management pack, rendered as `crmwh report` and the
/// nightly exports write it: HTML pages with their context header; CSV,
/// JSON and table output exactly as the renderers make them.
public enum ReportOutput {
    public static let packName = "pack"

    /// Whether `name` is a report or the pack.
    public static func isKnown(_ name: String) -> Bool {
        name == packName || ReportCatalog.all.contains { $0.name == name }
    }

    /// `runID`: the warehouse run the page names (the nightly run writing its
    /// exports); by default the last one that succeeded.
    public static func render(
        _ name: String, format: ReportFormat, connection: Connection, parameters: ReportParameters, baseCurrency: String,
        runID: Int64? = nil
    ) throws -> String {
        if name == packName {
            guard format == .html else { throw ReportError.usage("the management pack is an HTML page: --format html") }
            try parameters.validate()
            try connection.execute("set jit = off")
            var context = try ReportContext.read(connection, report: name, parameters: parameters, baseCurrency: baseCurrency)
            context.runID = runID ?? context.runID
            return PackRenderer.render(try ManagementPack.build(connection, parameters: parameters, context: context))
        }
        let document = try ReportCatalog.named(name).run(connection, parameters)
        guard format == .html else { return format.render(document) }
        var context = try ReportContext.read(connection, report: name, parameters: parameters, baseCurrency: baseCurrency)
        context.runID = runID ?? context.runID
        return HTMLRenderer.render(document, context: context)
    }
}
