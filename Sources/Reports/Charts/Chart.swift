/// A chart drawn as inline SVG, with the exact numbers it shows as a table.
public protocol Chart: Sendable {
    var info: ChartInfo { get }
    /// The `<svg>` element: `<title>`, `<desc>`, axes and marks.
    func svg() -> String
    /// The numbers drawn, as the report gave them.
    func dataTable() -> ReportTable
}

extension Chart {
    /// Whether there is anything to draw: a chart of an empty table is left out.
    public var hasPlottedValue: Bool {
        let table = dataTable()
        return table.rows.contains { row in
            row.indices.contains { table.columns[$0].kind == .number && plotted(row[$0]) != nil }
        }
    }
}

/// What every chart says about itself.
public struct ChartInfo: Sendable, Equatable {
    /// Unique on a page; used for the `aria-labelledby` ids.
    public var id: String
    public var title: String
    /// One sentence for screen readers: what is plotted against what.
    public var description: String
    public var xLabel: String
    public var yLabel: String

    public init(id: String, title: String, description: String, xLabel: String, yLabel: String) {
        self.id = Markup.slug(id)
        self.title = title
        self.description = description
        self.xLabel = xLabel
        self.yLabel = yLabel
    }
}

/// Series colours that stay apart for colour-blind readers (Okabe–Ito).
enum ChartPalette {
    static let colors = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#F0E442"]
    static func color(_ index: Int) -> String { colors[index % colors.count] }
}

/// A series value as a number for drawing; the exact text stays in the table.
func plotted(_ text: String?) -> Double? {
    guard let text, let value = Double(text), value.isFinite else { return nil }
    return value
}
