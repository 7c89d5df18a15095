import Foundation
import Yams

/// One entry of `exports:` — a file the nightly run writes after scoring.
public struct ExportSection: Equatable {
    public enum Kind: String, CaseIterable {
        /// KPIs per period (`crmwh export kpi`).
        case kpi
        /// A named report (`crmwh report NAME`).
        case report
    }

    public var name: String
    public var kind: Kind
    /// The report's name, for kind `report`.
    public var report: String?
    /// `last-month`, `last-week`, `yyyy-mm` …; handed to the exporter as written.
    public var period: String
    public var format: String
    /// Relative to `directories.output`; `{period}` is replaced by the period exported.
    public var path: String

    public static let keys = ["name", "kind", "report", "period", "format", "path"]
    public static let formats: [Kind: [String]] = [.kpi: ["csv", "json"], .report: ["csv", "json", "html", "table"]]

    /// The management pack, one HTML page (`crmwh report pack`).
    public static let managementPack = ExportSection(
        name: "pack", kind: .report, report: "pack", period: "latest", format: "html", path: "pack-{period}.html")

    public static let defaultKPI = ExportSection(
        name: "kpi", kind: .kpi, report: nil, period: "last-month", format: "csv", path: "kpi-{period}.csv")

    public init(name: String, kind: Kind, report: String?, period: String, format: String, path: String) {
        self.name = name
        self.kind = kind
        self.report = report
        self.period = period
        self.format = format
        self.path = path
    }

    public init(yaml node: Node, index: Int, reader: ConfigReader) throws {
        let key = "exports[\(index)]"
        let values = try reader.mapping(key, node, known: Self.keys)
        guard let nameNode = values["name"] else { throw reader.error("\(key).name", node, "missing; every export needs a name") }
        name = try reader.string("\(key).name", nameNode)
        guard let kindNode = values["kind"] else { throw reader.error("\(key).kind", node, "missing; one of kpi, report") }
        let kindText = try reader.string("\(key).kind", kindNode)
        guard let kind = Kind(rawValue: kindText) else { throw reader.error("\(key).kind", kindNode, "'\(kindText)' is not one of kpi, report") }
        self.kind = kind
        report = try values["report"].map { try reader.string("\(key).report", $0) }
        if kind == .report && report == nil { throw reader.error("\(key).report", node, "missing; a report export names its report") }
        period = try values["period"].map { try reader.string("\(key).period", $0) } ?? "last-month"
        format = try values["format"].map { try reader.string("\(key).format", $0) } ?? "csv"
        let allowed = Self.formats[kind] ?? []
        if !allowed.contains(format) {
            throw reader.error("\(key).format", values["format"], "'\(format)' is not one of \(allowed.joined(separator: ", ")) for \(kind.rawValue) exports")
        }
        if report == "pack" && format != "html" {
            throw reader.error("\(key).format", values["format"], "the management pack (report: pack) is html")
        }
        path = try values["path"].map { try reader.string("\(key).path", $0) } ?? "\(name)-{period}.\(format)"
        if path.isEmpty { throw reader.error("\(key).path", values["path"], "must name a file") }
    }

    /// The file to write for `period` (e.g. `2026-10`) below `output`.
    public func url(in output: URL, period resolved: String) -> URL {
        DirectoriesSection.resolve(path.replacingOccurrences(of: "{period}", with: resolved), against: output)
    }
}
