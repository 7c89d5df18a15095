import Foundation
import PostgresClient
import Warehouse

/// The scheduled KPI export: the mart.kpi_monthly rows of a period as CSV
/// or JSON, written atomically with its manifest. The nightly run calls
/// `export(_:)` for each configured export after `MartRefresher.refresh()`.
public struct KPIExporter {
    public enum Format: String, CaseIterable, Sendable {
        case csv, json
    }

    /// One configured export.
    public struct Request: Sendable {
        public var period: KPIPeriod
        public var format: Format
        /// Where to write; nil writes to standard output without a manifest.
        public var path: String?
        public var runID: Int64?

        public init(period: KPIPeriod, format: Format, path: String?, runID: Int64? = nil) {
            self.period = period
            self.format = format
            self.path = path
            self.runID = runID
        }
    }

    /// What an export produced: the text, and the manifest when written to a file.
    public struct Result: Sendable {
        public var text: String
        public var rows: Int
        public var manifest: ExportManifest?
    }

    let connection: Connection
    let now: () -> Date

    public init(connection: Connection, now: @escaping () -> Date = Date.init) {
        self.connection = connection
        self.now = now
    }

    @discardableResult
    public func export(_ request: Request) throws -> Result {
        let rows = try ReportQuery.table(
            connection, "select * from mart.kpi_monthly where month between $1::date and $2::date order by month",
            binds: [request.period.firstMonth, request.period.lastMonth])
        let document = ReportDocument(name: "kpi", title: "KPIs \(request.period.label)", sections: [
            ReportSection(title: "KPIs", table: rows)
        ])
        let text = request.format == .csv ? CSVRenderer.render(document) : JSONRenderer.render(document)
        guard let path = request.path else { return Result(text: text, rows: rows.rows.count, manifest: nil) }
        let data = Data(text.utf8)
        let asOf = try connection.query("select mart.default_as_of()::text").scalar ?? ""
        let manifest = ExportManifest(
            export: "kpi", runID: request.runID, asOf: asOf, period: request.period.label,
            periodStart: request.period.firstMonth, periodEnd: try periodEnd(request.period),
            format: request.format.rawValue, file: URL(fileURLWithPath: path).lastPathComponent,
            rows: rows.rows.count, bytes: data.count,
            sha256: SHA256Digest.hex(of: data),
            createdAt: ISO8601DateFormatter().string(from: now()))
        try AtomicFile.write(data, to: path)
        try AtomicFile.write(try manifest.encoded(), to: ExportManifest.path(for: path))
        return Result(text: text, rows: rows.rows.count, manifest: manifest)
    }

    func periodEnd(_ period: KPIPeriod) throws -> String {
        try connection.query(
            "select (($1::date + interval '1 month') - interval '1 day')::date::text", [period.lastMonth]
        ).scalar ?? period.lastMonth
    }
}
