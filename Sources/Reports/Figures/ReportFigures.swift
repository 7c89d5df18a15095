/// The charts of a report, recognised by the shape of each section's table
/// (its columns), so a section shows the same charts in whichever report it
/// appears (the overview repeats KPIs, tiers, segments and retention).
enum ReportFigures {
    /// Charts by section index.
    static func charts(
        for document: ReportDocument, currency: String, campaignNames: [String: String] = [:]
    ) -> [Int: [any Chart]] {
        var charts: [Int: [any Chart]] = [:]
        for (index, section) in document.sections.enumerated() {
            let figure = FigureSection(
                section: section, id: "\(document.name)-\(index)", currency: currency, campaignNames: campaignNames)
            let found = builders.flatMap { $0(figure) }.filter(\.hasPlottedValue)
            if !found.isEmpty { charts[index] = found }
        }
        return charts
    }

    static let builders: [(FigureSection) -> [any Chart]] = [
        KPIFigures.charts, ValueFigures.charts, RetentionFigures.charts, CampaignFigures.charts,
        ChannelFigures.charts, ProductFigures.charts, MarketFigures.charts, CLVReportFigures.charts,
    ]
}

/// A section as the chart builders read it.
struct FigureSection {
    let section: ReportSection
    let id: String
    let currency: String
    var campaignNames: [String: String] = [:]

    /// A campaign code with its name, shortened to fit beside a chart.
    func campaign(_ code: String) -> String {
        guard let name = campaignNames[code], !name.isEmpty else { return code }
        return code + " · " + (name.count > 24 ? name.prefix(23) + "…" : name)
    }

    var table: ReportTable { section.table }
    var title: String { section.title }
    var names: [String] { table.columns.map(\.name) }
    var first: String? { names.first }

    func has(_ columns: String...) -> Bool { columns.allSatisfy { names.contains($0) } }
    func lacks(_ columns: String...) -> Bool { !columns.contains { names.contains($0) } }
    func values(_ column: String) -> [String?] { table.values(column) }
    func texts(_ column: String) -> [String] { table.values(column).map { $0 ?? "" } }

    func info(_ kind: String, _ title: String, _ description: String, x: String, y: String) -> ChartInfo {
        ChartInfo(id: "\(id)-\(kind)", title: title, description: description, xLabel: x, yLabel: y)
    }

    var money: ChartUnit { .money(currency: currency) }

    /// The section without a closing "total" row (the diagnostics tables end with one).
    var withoutTotalRow: FigureSection {
        guard let last = table.rows.last, last.first == "total" else { return self }
        var trimmed = section
        trimmed.table.rows.removeLast()
        return FigureSection(section: trimmed, id: id, currency: currency, campaignNames: campaignNames)
    }
}
