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
        /// Mode of the written file and manifest.
        public var fileMode: mode_t = ExclusiveFile.privateMode

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
        /// Months of the period without a KPI row.
        public var monthsWithoutData: [String]
        /// Latest order date in the refreshed marts.
        public var asOf: String

        /// What the log should warn about: a period the data does not cover.
        public var warning: String? {
            guard !monthsWithoutData.isEmpty else { return nil }
            let months = monthsWithoutData.map { String($0.prefix(7)) }.joined(separator: ", ")
            let through = asOf.isEmpty ? "no refreshed data yet" : "the refreshed data ends on \(asOf)"
            return "the KPI export has no rows for \(months): \(through)"
        }
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
        let covered = Set(rows.rows.compactMap { $0.first ?? nil })
        let missing = request.period.months.filter { !covered.contains($0) }
        let asOf = try connection.query("select mart.default_as_of()::text").scalar ?? ""
        var result = Result(text: text, rows: rows.rows.count, manifest: nil, monthsWithoutData: missing, asOf: asOf)
        guard let path = request.path else { return result }
        let data = Data(text.utf8)
        let manifest = ExportManifest(
            export: "kpi", runID: request.runID, asOf: asOf, period: request.period.label,
            periodStart: request.period.firstMonth, periodEnd: try periodEnd(request.period),
            format: request.format.rawValue, file: URL(fileURLWithPath: path).lastPathComponent,
            rows: rows.rows.count, monthsWithoutData: missing, bytes: data.count,
            sha256: SHA256Digest.hex(of: data),
            createdAt: ISO8601DateFormatter().string(from: now()))
        try AtomicFile.write(data, to: path, mode: request.fileMode)
        try AtomicFile.write(try manifest.encoded(), to: ExportManifest.path(for: path), mode: request.fileMode)
        result.manifest = manifest
        return result
    }

    func periodEnd(_ period: KPIPeriod) throws -> String {
        try connection.query(
            "select (($1::date + interval '1 month') - interval '1 day')::date::text", [period.lastMonth]
        ).scalar ?? period.lastMonth
    }
}
