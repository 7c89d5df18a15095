import Foundation

/// `PATH.manifest.json` beside every export file, so the receiving side can
/// check it got the whole file of the period it expected.
public struct ExportManifest: Codable, Sendable, Equatable {
    public var export: String
    public var runID: Int64?
    /// Latest order date in the refreshed marts when the export ran.
    public var asOf: String
    public var period: String
    public var periodStart: String
    public var periodEnd: String
    public var format: String
    public var file: String
    public var rows: Int
    /// Months of the period with no KPI row (yyyy-mm-dd), usually because
    /// the refreshed data ends before them: empty when the file is whole.
    public var monthsWithoutData: [String]
    public var bytes: Int
    public var sha256: String
    public var createdAt: String

    enum CodingKeys: String, CodingKey {
        case export, format, file, rows, bytes, sha256, period
        case runID = "run_id"
        case asOf = "as_of"
        case periodStart = "period_start"
        case periodEnd = "period_end"
        case createdAt = "created_at"
        case monthsWithoutData = "months_without_data"
    }

    public static func path(for exportPath: String) -> String {
        exportPath + ".manifest.json"
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}
