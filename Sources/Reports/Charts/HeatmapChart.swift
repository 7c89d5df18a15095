import Foundation

/// Rows × columns of values shaded on a chosen domain. Values outside the
/// domain take its end colour and are outlined, so a column that is 100 %
/// by definition (a cohort's first month) does not wash out the rest.
public struct HeatmapChart: Chart {
    public var info: ChartInfo
    public var rowLabels: [String]
    public var columnLabels: [String]
    /// values[row][column], exact text; nil is an empty cell.
    public var values: [[String?]]
    public var unit: ChartUnit
    public var domain: (low: Double, high: Double)
    /// Says which cells the domain leaves out, e.g. "month 0 (100 % by definition) outlined".
    public var domainNote: String?

    public init(
        info: ChartInfo, rowLabels: [String], columnLabels: [String], values: [[String?]], unit: ChartUnit,
        domain: (low: Double, high: Double), domainNote: String? = nil
    ) {
        self.info = info
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.unit = unit
        self.domain = domain
        self.domainNote = domainNote
    }

    /// The smallest and largest plotted values of the given columns (all when nil).
    public static func domain(of values: [[String?]], columns: Range<Int>? = nil) -> (low: Double, high: Double) {
        var low = Double.infinity
        var high = -Double.infinity
        for row in values {
            for (index, cell) in row.enumerated() where columns?.contains(index) ?? true {
                guard let value = plotted(cell) else { continue }
                low = min(low, value)
                high = max(high, value)
            }
        }
        return low <= high ? (low, high) : (0, 1)
    }

    /// Where a value falls in the domain, 0…1, clamped.
    public static func position(_ value: Double, in domain: (low: Double, high: Double)) -> Double {
        guard domain.high > domain.low else { return value >= domain.high ? 1 : 0 }
        return min(max((value - domain.low) / (domain.high - domain.low), 0), 1)
    }

    /// Lightness of the blue shade: 97 % at the domain's low end, 42 % at its high end.
    public static func lightness(_ value: Double, in domain: (low: Double, high: Double)) -> Int {
        Int((97 - position(value, in: domain) * 55).rounded())
    }

    static let lightText = "#fff"
    static let darkText = "#222"

    public static func fill(_ value: Double, in domain: (low: Double, high: Double)) -> String {
        "hsl(212, 70%, \(lightness(value, in: domain))%)"
    }

    public func svg() -> String {
        let longest = Double(rowLabels.map(\.count).max() ?? 4)
        let rowHeight = rowLabels.count > 24 ? 12.0 : 20.0
        var canvas = ChartCanvas(
            info, height: 40 + 70 + rowHeight * Double(max(rowLabels.count, 1)), left: min(180, 30 + longest * 6.5))
        let width = (canvas.plotRight - canvas.plotLeft) / Double(max(columnLabels.count, 1))
        let showValues = width >= 40 && rowHeight >= 20
        let every = max(1, Int((14 / width).rounded(.up)))
        for (column, label) in columnLabels.enumerated() where column % every == 0 {
            canvas.add(canvas.text(label, x: canvas.plotLeft + width * (Double(column) + 0.5), y: canvas.plotBottom + 16, anchor: "middle"))
        }
        let rowEvery = rowHeight < 12.5 ? 2 : 1
        for (row, label) in rowLabels.enumerated() {
            let top = canvas.plotTop + Double(row) * rowHeight
            if row % rowEvery == 0 {
                canvas.add(canvas.text(label, x: canvas.plotLeft - 6, y: top + rowHeight / 2 + 4, anchor: "end"))
            }
            for column in columnLabels.indices {
                guard let value = plotted(values[safe: row]?[safe: column] ?? nil) else { continue }
                let outside = value < domain.low || value > domain.high
                let outline = outside ? ##" stroke="#222" stroke-width="1" stroke-dasharray="2 2""## : ""
                let x = canvas.plotLeft + width * Double(column)
                let shown = unit.tick(value)
                canvas.add(
                    #"<rect class="mark" x="\#(Markup.coordinate(x))" y="\#(Markup.coordinate(top))" width="\#(Markup.coordinate(width))" height="\#(Markup.coordinate(rowHeight))" fill="\#(Self.fill(value, in: domain))"\#(outline)><title>\#(Markup.escape("\(label), \(columnLabels[column]): \(shown)"))</title></rect>"#)
                if showValues {
                    let dark = Self.position(value, in: domain) > 0.55
                    canvas.add(
                        #"<text class="cell" x="\#(Markup.coordinate(x + width / 2))" y="\#(Markup.coordinate(top + rowHeight / 2 + 4))" text-anchor="middle" fill="\#(dark ? Self.lightText : Self.darkText)">\#(Markup.escape(shown))</text>"#)
                }
            }
        }
        legend(on: &canvas)
        canvas.axisTitles()
        return canvas.svg()
    }

    /// Five swatches from the domain's low to its high end, and the note.
    func legend(on canvas: inout ChartCanvas) {
        var x = canvas.plotLeft
        for step in 0...4 {
            let value = domain.low + (domain.high - domain.low) * Double(step) / 4
            canvas.add(#"<rect class="legend-key" x="\#(Markup.coordinate(x))" y="18" width="14" height="10" fill="\#(Self.fill(value, in: domain))"/>"#)
            canvas.add(canvas.text(unit.tick(value), x: x + 17, y: 27, anchor: "start", className: "legend"))
            x += 64
        }
        if let domainNote {
            canvas.add(canvas.text(domainNote, x: x + 4, y: 27, anchor: "start", className: "legend"))
        }
    }

    public func dataTable() -> ReportTable {
        ReportTable(
            columns: [.init(info.yLabel, .text)] + columnLabels.map { .init($0, .number) },
            rows: rowLabels.indices.map { row in
                [rowLabels[row]] + columnLabels.indices.map { values[safe: row]?[safe: $0] ?? nil }
            })
    }
}
